import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** `isLoopback` tells whether an address is this machine (127.0.0.0/8, ::1, IPv4-mapped 127.x). */
export function isLoopback(address: string | undefined): boolean {
  return (
    address === '::1' || address?.startsWith('127.') === true || address?.startsWith('::ffff:127.') === true
  );
}

/**
 * `apiTransportRefusal` says why a management API request must be refused, or undefined: bearer tokens
 * must not cross a network in clear text, so plain HTTP is accepted from this machine only (local
 * scripts and the CLI); everyone else uses HTTPS.
 */
export function apiTransportRefusal(req: IncomingMessage, httpsPort: number): string | undefined {
  if ((req.socket as TLSSocket).encrypted === true || isLoopback(req.socket.remoteAddress)) {
    return undefined;
  }
  return `the management API is served over HTTPS (port ${httpsPort}); plain HTTP is accepted from this machine only`;
}

/** `sendArmError` answers with an ARM `ErrorResponse` body. */
export function sendArmError(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: { code, message } }));
}
