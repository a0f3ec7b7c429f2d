import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

/** `KeyPairPem` is an RSA key pair as PEM text: PKCS#8 private key, SPKI public key. */
export interface KeyPairPem {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** RSA 2048: the smallest modulus CA/Browser Forum Baseline Requirements §6.1.5 accept. */
const RSA_MODULUS_BITS = 2048;
/**
 * Serial numbers: 16 random bytes, within RFC 5280 §4.1.2.2's 20-octet limit and above the 64 bits
 * of entropy the CA/B Forum Baseline Requirements §7.1 ask for.
 */
const SERIAL_BYTES = 16;
/** Certificates start an hour in the past so a client whose clock runs a little behind accepts them. */
const BACKDATE_MS = 3_600_000;
const DAY_MS = 86_400_000;
/**
 * `CA_VALIDITY_DAYS`: the private CA lives ten years, long enough that operators rarely have to
 * distribute a new ca.pem.
 */
export const CA_VALIDITY_DAYS = 3650;
/**
 * `SERVER_VALIDITY_DAYS`: server certificates live 365 days, under the 397-day maximum that
 * browsers and Apple platforms enforce for TLS server certificates (CA/B Forum BR §6.3.2).
 */
export const SERVER_VALIDITY_DAYS = 365;

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * `generateRsaKeyPair` makes an RSA 2048 key pair with Node's crypto (OpenSSL, off the event loop),
 * which is far faster than node-forge's JavaScript key generation.
 */
export async function generateRsaKeyPair(): Promise<KeyPairPem> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: RSA_MODULUS_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKey, publicKey };
}

function randomSerial(): string {
  const bytes = randomBytes(SERIAL_BYTES);
  // The top bit clear keeps the DER INTEGER positive (RFC 5280 §4.1.2.2).
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, now: number, days: number): void {
  cert.validity.notBefore = new Date(now - BACKDATE_MS);
  cert.validity.notAfter = new Date(now + days * DAY_MS);
}

/**
 * `issueCaCertificate` self-signs a CA certificate for `keys` (RFC 5280 §4.2.1.9 basicConstraints
 * CA:true, §4.2.1.3 keyUsage keyCertSign + cRLSign), valid {@link CA_VALIDITY_DAYS} days. The subject
 * names the key's identifier, so re-issuing for the same key keeps the same subject.
 */
export function issueCaCertificate(keys: KeyPairPem, now = Date.now()): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = randomSerial();
  validity(cert, now, CA_VALIDITY_DAYS);
  const keyId = cert.generateSubjectKeyIdentifier().toHex().slice(0, 16);
  const name = [
    { name: 'commonName', value: `Inlet private CA ${keyId}` },
    { name: 'organizationName', value: 'Inlet' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKey), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** `ServerCertificateRequest` names the server key, the names to cover and the signing CA. */
export interface ServerCertificateRequest {
  readonly keys: KeyPairPem;
  /** DNS names (subjectAltName dNSName, RFC 5280 §4.2.1.6). */
  readonly hostnames: readonly string[];
  /** IPv4/IPv6 addresses (subjectAltName iPAddress). */
  readonly ipAddresses: readonly string[];
  readonly caCert: string;
  readonly caKey: string;
  readonly now?: number;
}

/**
 * `issueServerCertificate` signs a TLS server certificate with the CA: subjectAltName with every DNS
 * name and IP address, extKeyUsage serverAuth (RFC 5280 §4.2.1.12), keyUsage digitalSignature +
 * keyEncipherment, valid {@link SERVER_VALIDITY_DAYS} days.
 */
export function issueServerCertificate(request: ServerCertificateRequest): string {
  const ca = forge.pki.certificateFromPem(request.caCert);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(request.keys.publicKey);
  cert.serialNumber = randomSerial();
  validity(cert, request.now ?? Date.now(), SERVER_VALIDITY_DAYS);
  cert.setSubject([{ name: 'commonName', value: request.hostnames[0] ?? request.ipAddresses[0] ?? 'inlet' }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...request.hostnames.map((value) => ({ type: 2, value })),
        ...request.ipAddresses.map((ip) => ({ type: 7, ip })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(request.caKey), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
