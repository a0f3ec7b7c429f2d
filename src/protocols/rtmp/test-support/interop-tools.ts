import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** `runProcess` runs a command to completion (or kills it after `timeoutMs`) and returns its exit code and stderr. */
export function runProcess(
  cmd: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stderr });
    });
  });
}

/** One FLV tag (FLV spec E.4.1). */
export interface FlvTag {
  readonly type: number;
  readonly timestamp: number;
  readonly body: Uint8Array;
}

/** `parseFlvTags` reads the tags of an FLV file: 9-byte header, PreviousTagSize0, then tag + back pointer. */
export function parseFlvTags(file: Uint8Array): FlvTag[] {
  const b = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (b.toString('latin1', 0, 3) !== 'FLV') {
    throw new Error('not an FLV file');
  }
  const tags: FlvTag[] = [];
  let p = b.readUInt32BE(5) + 4;
  while (p + 11 <= b.length) {
    const size = b.readUIntBE(p + 1, 3);
    const timestamp = (b.readUIntBE(p + 4, 3) | (b[p + 7]! << 24)) >>> 0;
    tags.push({ type: b[p]! & 0x1f, timestamp, body: file.subarray(p + 11, p + 11 + size) });
    p += 11 + size + 4;
  }
  return tags;
}

/** `selfSignedCert` makes a throwaway certificate for 127.0.0.1/localhost (key generated natively, cert by node-forge). */
export function selfSignedCert(): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  const attrs = [{ name: 'commonName', value: 'localhost' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { key: keyPem, cert: forge.pki.certificateToPem(cert) };
}
