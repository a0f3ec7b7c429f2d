import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerSasIssuer } from '../api/delivery-api.js';
import type { AssetManager } from '../delivery/assets/asset-manager.js';
import type { AssetRecord } from '../delivery/assets/asset-record.js';
import { ASSET_FILES_PATH, type ContainerAccess, type ContainerGrant } from '../http/asset-files-handler.js';

/** The Azure Storage service version the URLs name (clients echo it; Inlet answers in that dialect). */
const SERVICE_VERSION = '2021-12-02';
/** The signing key file in the data directory (created on first use, readable by Inlet only). */
const KEY_FILE = 'container-sas.key';

/**
 * `ContainerSas` signs and checks asset container URLs: `…/asset-files/<container>?sv=…&sr=c&sp=rl&se=
 * <expiry>&sig=<HMAC-SHA256 of container and expiry>` with a key kept in the data directory, so URLs
 * stay valid across restarts until they expire, and cannot be forged or extended.
 */
export class ContainerSas implements ContainerSasIssuer, ContainerAccess {
  readonly #key: Buffer;
  readonly #assets: AssetManager;

  private constructor(key: Buffer, assets: AssetManager) {
    this.#key = key;
    this.#assets = assets;
  }

  /** Loads the signing key of `dataDir`, making it when there is none. */
  static async open(dataDir: string, assets: AssetManager): Promise<ContainerSas> {
    const file = join(dataDir, KEY_FILE);
    let key: Buffer;
    try {
      key = Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
    } catch {
      key = randomBytes(32);
      await writeFile(file, `${key.toString('hex')}\n`, { mode: 0o600 });
    }
    if (key.length < 16) {
      throw new Error(
        `${file} holds no usable signing key; remove it and restart (container URLs made with it stop working)`,
      );
    }
    return new ContainerSas(key, assets);
  }

  readUrls(asset: AssetRecord, expiry: Date, origin: string): readonly string[] {
    const se = expiry.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const query = new URLSearchParams({
      sv: SERVICE_VERSION,
      sr: 'c',
      sp: 'rl',
      se,
      sig: this.#sign(asset.container, se),
    });
    return [`${origin}${ASSET_FILES_PATH}${encodeURIComponent(asset.container)}?${query.toString()}`];
  }

  authorize(container: string, query: URLSearchParams): ContainerGrant {
    const se = query.get('se') ?? '';
    const sig = query.get('sig') ?? '';
    const expected = Buffer.from(this.#sign(container, se));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return {
        ok: false,
        status: 403,
        code: 'AuthenticationFailed',
        reason: 'the URL signature does not match: use a URL from listContainerSas as it was given',
      };
    }
    if (!(Date.parse(se) > Date.now())) {
      return {
        ok: false,
        status: 403,
        code: 'AuthenticationFailed',
        reason: `the URL expired at ${se}: ask listContainerSas for a new one`,
      };
    }
    const asset = this.#assets.byContainer(container);
    if (asset === undefined) {
      return {
        ok: false,
        status: 404,
        code: 'ContainerNotFound',
        reason: `container ${container} does not exist (its asset was deleted)`,
      };
    }
    return { ok: true, dir: this.#assets.containerDir(asset), files: () => this.#assets.files(asset) };
  }

  #sign(container: string, expiry: string): string {
    return createHmac('sha256', this.#key)
      .update(`${container.toLowerCase()}\n${expiry}`)
      .digest('base64url');
  }
}
