/** `EXIT_FAILURE` is the exit code of a failed command (server refused, operation failed, cannot connect). */
export const EXIT_FAILURE = 1;
/** `EXIT_USAGE` is the exit code for a command line that cannot be understood. */
export const EXIT_USAGE = 2;

/** `CliError` is a failure the CLI reports as one line on stderr, with its exit code. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = EXIT_FAILURE) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** TLS verification failures: the server's certificate is not trusted by what the CLI was given. */
const TLS_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** `connectionError` turns a socket/TLS error into advice for the operator. */
export function connectionError(url: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') {
    return new CliError(
      `cannot connect to ${url} (connection refused): is Inlet running? start it with npm start`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new CliError(`cannot resolve the host of ${url}: check --url or INLET_URL`);
  }
  if (TLS_TRUST_CODES.has(code)) {
    return new CliError(
      `the TLS certificate of ${url} is not trusted (${code}): pass --ca <dataDir>/tls/ca.pem (Inlet's private CA), or --data-dir <dataDir>`,
    );
  }
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return new CliError(`${url} did not answer TLS (${message}): is it Inlet's HTTPS port? check --url`);
  }
  if (code === 'ETIMEDOUT' || code === 'ECONNRESET') {
    return new CliError(`the connection to ${url} failed (${code}): is Inlet running and reachable?`);
  }
  return new CliError(`request to ${url} failed: ${message}`);
}
