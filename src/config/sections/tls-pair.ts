import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConfigSources } from '../config-sources.js';

/**
 * `checkTlsPair` checks a certificate/key setting: both paths or neither, and when both, that the
 * files hold a PEM certificate and the private key that belongs to it. Problems are reported on the
 * key that is wrong.
 */
export function checkTlsPair(
  sources: ConfigSources,
  keys: { cert: string; key: string },
  paths: { cert: string | undefined; key: string | undefined },
): void {
  if (sources.isInvalid(keys.cert) || sources.isInvalid(keys.key)) {
    return;
  }
  if (paths.cert === undefined && paths.key !== undefined) {
    sources.report(keys.key, `${keys.cert} must be set too (give both or neither)`);
    return;
  }
  if (paths.cert !== undefined && paths.key === undefined) {
    sources.report(keys.cert, `${keys.key} must be set too (give both or neither)`);
    return;
  }
  if (paths.cert === undefined || paths.key === undefined) {
    return;
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(readFileSync(paths.cert));
  } catch (error) {
    sources.report(keys.cert, `${paths.cert} is not a PEM certificate (${(error as Error).message})`);
    return;
  }
  try {
    if (!cert.checkPrivateKey(createPrivateKey(readFileSync(paths.key)))) {
      sources.report(keys.key, `${paths.key} is not the private key of ${paths.cert}`);
    }
  } catch (error) {
    sources.report(keys.key, `${paths.key} is not a PEM private key (${(error as Error).message})`);
  }
}
