import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { runProcess } from './run-process.js';

/** Answers of {@link resolvesNames}, per binary and host name (probing costs a process start). */
const probes = new Map<string, Promise<boolean>>();

/**
 * `resolvesNames` tells whether `binary` (the bundled ffmpeg or ffprobe) can resolve `host`. They are
 * static glibc builds: where `/etc/nsswitch.conf` names NSS modules (e.g. `mdns4_minimal`) their
 * getaddrinfo loads incompatible shared objects and the process dies with SIGSEGV before it connects.
 * The probe asks for a closed port on `host`: a build that can resolve exits with an error, one that
 * cannot is killed by a signal.
 */
export function resolvesNames(binary: string, host: string): Promise<boolean> {
  const key = `${binary}\n${host}`;
  let probe = probes.get(key);
  if (probe === undefined) {
    probe = runProcess(binary, ['-v', 'quiet', '-i', `tcp://${host}:1`], 10_000).then(
      (r) => r.signal === null,
    );
    probes.set(key, probe);
  }
  return probe;
}

/**
 * `ffmpegUrl` is `url` as the bundled `binary` can open it: unchanged when the binary resolves its host
 * name; otherwise with the host name replaced by the address Node resolves it to (IPv4 first), keeping
 * scheme, port, path and query exactly. TLS still checks the certificate: Inlet's generated
 * certificate names `127.0.0.1` and `::1` as well as `localhost`.
 */
export async function ffmpegUrl(url: string, binary: string): Promise<string> {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/:[\]]+)(.*)$/i.exec(url);
  if (m === null) {
    return url;
  }
  const [, scheme = '', host = '', rest = ''] = m;
  if (isIP(host) !== 0 || (await resolvesNames(binary, host))) {
    return url;
  }
  const addresses = await lookup(host, { all: true });
  const chosen = addresses.find((a) => a.family === 4) ?? addresses[0];
  if (chosen === undefined) {
    throw new Error(`${host} does not resolve`);
  }
  return `${scheme}${chosen.family === 6 ? `[${chosen.address}]` : chosen.address}${rest}`;
}
