import { X509Certificate } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateRsaKeyPair, issueServerCertificate } from './certificate-issuer.js';
import { ensureTlsMaterial, type TlsMaterial } from './private-ca.js';

const logger = pino({ level: 'silent' });
const DAY_MS = 86_400_000;

/** Whether this machine can bind the IPv6 loopback address (containers often cannot). */
function ipv6LoopbackBindable(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}
const hasIpv6Loopback = await ipv6LoopbackBindable();

/** A TLS echo server with `material` on `host`, port 0. */
async function startServer(
  material: TlsMaterial,
  host: string,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = tls.createServer({ cert: material.cert, key: material.key }, (socket) =>
    socket.pipe(socket),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Connects, sends "ping" and resolves with the echo, or rejects with the TLS error. */
function ping(options: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(options, () => socket.end('ping'));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('ensureTlsMaterial', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'inlet-tls-')), 'tls');
  });
  afterEach(() => {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  const request = (extra: string[] = []) => ({
    dir,
    hostnames: ['localhost', 'inlet.example', ...extra],
    ipAddresses: ['127.0.0.1', '::1'],
    logger,
  });

  it('generates a private CA and a server certificate with the right extensions and modes', async () => {
    const m = await ensureTlsMaterial(request());
    expect(m.generated).toBe(true);
    expect(m.caPath).toBe(join(dir, 'ca.pem'));
    expect(readFileSync(m.certPath, 'utf8')).toBe(m.cert);
    expect(readFileSync(m.keyPath, 'utf8')).toBe(m.key);
    expect(statSync(m.keyPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);

    const ca = new X509Certificate(m.ca);
    const cert = new X509Certificate(m.cert);
    expect(ca.ca).toBe(true);
    expect(Date.parse(ca.validTo) - Date.now()).toBeGreaterThan(9.9 * 365 * DAY_MS);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe(
      'DNS:localhost, DNS:inlet.example, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    const lifetime = Date.parse(cert.validTo) - Date.parse(cert.validFrom);
    expect(lifetime).toBeLessThanOrEqual(397 * DAY_MS);
    expect(lifetime).toBeGreaterThan(360 * DAY_MS);
  });

  it('serves TLS that a client trusting only ca.pem accepts when it connects to "localhost"', async () => {
    const m = await ensureTlsMaterial(request());
    // Listen where this machine resolves localhost, so the client really connects by that name.
    const { address } = await lookup('localhost');
    const server = await startServer(m, address);
    try {
      expect(await ping({ host: 'localhost', port: server.port, ca: m.ca })).toBe('ping');
    } finally {
      await server.close();
    }
  });

  it('serves TLS that a client trusting only ca.pem accepts for 127.0.0.1 and the name localhost, and nothing else', async () => {
    const m = await ensureTlsMaterial(request());
    const server = await startServer(m, '127.0.0.1');
    try {
      const base = { host: '127.0.0.1', port: server.port, ca: m.ca };
      expect(await ping({ ...base, servername: 'localhost' })).toBe('ping');
      expect(await ping(base)).toBe('ping');
      await expect(ping({ ...base, servername: 'other.example' })).rejects.toMatchObject({
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      });
      await expect(
        ping({ host: '127.0.0.1', port: server.port, servername: 'localhost' }),
      ).rejects.toMatchObject({
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
    } finally {
      await server.close();
    }
  });

  it(
    hasIpv6Loopback
      ? 'serves TLS that a client trusting only ca.pem accepts over ::1'
      : 'cannot check ::1: this machine cannot bind the IPv6 loopback (the bind failure is asserted instead)',
    async () => {
      const m = await ensureTlsMaterial(request());
      if (!hasIpv6Loopback) {
        await expect(startServer(m, '::1')).rejects.toMatchObject({
          code: expect.stringMatching(/^EADDRNOTAVAIL|EAFNOSUPPORT$/),
        });
        return;
      }
      const server = await startServer(m, '::1');
      try {
        expect(await ping({ host: '::1', port: server.port, ca: m.ca })).toBe('ping');
      } finally {
        await server.close();
      }
    },
  );

  it('reuses the files on a second call', async () => {
    const first = await ensureTlsMaterial(request());
    const mtime = statSync(first.certPath).mtimeMs;
    const second = await ensureTlsMaterial({
      ...request(),
      hostnames: ['INLET.example'],
      ipAddresses: ['127.0.0.1'],
    });
    expect(second.generated).toBe(false);
    expect(second.cert).toBe(first.cert);
    expect(second.key).toBe(first.key);
    expect(second.ca).toBe(first.ca);
    expect(statSync(first.certPath).mtimeMs).toBe(mtime);
  });

  it('issues a new server certificate from the same CA when a hostname is added', async () => {
    const first = await ensureTlsMaterial(request());
    const caKey = readFileSync(join(dir, 'ca-key.pem'), 'utf8');
    const second = await ensureTlsMaterial(request(['live.example']));
    expect(second.generated).toBe(true);
    expect(second.ca).toBe(first.ca);
    expect(readFileSync(join(dir, 'ca-key.pem'), 'utf8')).toBe(caKey);
    expect(second.cert).not.toBe(first.cert);
    const cert = new X509Certificate(second.cert);
    expect(cert.checkHost('live.example')).toBe('live.example');
    expect(cert.verify(new X509Certificate(first.ca).publicKey)).toBe(true);
  });

  it('renews a server certificate that expires within 30 days', async () => {
    const first = await ensureTlsMaterial(request());
    const keys = await generateRsaKeyPair();
    const old = issueServerCertificate({
      keys,
      hostnames: ['localhost', 'inlet.example'],
      ipAddresses: ['127.0.0.1', '::1'],
      caCert: first.ca,
      caKey: readFileSync(join(dir, 'ca-key.pem'), 'utf8'),
      now: Date.now() - 340 * DAY_MS,
    });
    writeFileSync(first.certPath, old);
    writeFileSync(first.keyPath, keys.privateKey);
    const second = await ensureTlsMaterial(request());
    expect(second.generated).toBe(true);
    expect(second.ca).toBe(first.ca);
    expect(Date.parse(new X509Certificate(second.cert).validTo) - Date.now()).toBeGreaterThan(300 * DAY_MS);
  });

  it('re-issues ca.pem for an existing ca-key.pem when ca.pem is gone', async () => {
    const first = await ensureTlsMaterial(request());
    rmSync(first.caPath);
    const second = await ensureTlsMaterial(request());
    expect(second.generated).toBe(true);
    expect(second.ca).not.toBe(first.ca);
    const oldCa = new X509Certificate(first.ca);
    const newCa = new X509Certificate(second.ca);
    expect(newCa.subject).toBe(oldCa.subject);
    expect(newCa.publicKey.export({ type: 'spki', format: 'der' })).toEqual(
      oldCa.publicKey.export({ type: 'spki', format: 'der' }),
    );
  });

  it('refuses to replace an unreadable ca-key.pem and leaves it in place', async () => {
    await ensureTlsMaterial(request());
    writeFileSync(join(dir, 'ca-key.pem'), 'not a key');
    rmSync(join(dir, 'server.pem'));
    await expect(ensureTlsMaterial(request())).rejects.toThrow(
      `${join(dir, 'ca-key.pem')} is not a readable private key: move it away`,
    );
    expect(readFileSync(join(dir, 'ca-key.pem'), 'utf8')).toBe('not a key');
  });

  it('rejects a request without any name', async () => {
    await expect(ensureTlsMaterial({ dir, hostnames: [' '], ipAddresses: [], logger })).rejects.toThrow(
      'give at least one hostname or IP address',
    );
  });
});
