import type { Logger } from 'pino';
import type {
  AssetMedia,
  AssetMediaDirectory,
  ContainerSasIssuer,
  DeliveryApi,
} from '../api/delivery-api.js';
import type { StreamingConfig } from '../config/config.js';
import { AssetManager } from '../delivery/assets/asset-manager.js';
import type { AssetRecord } from '../delivery/assets/asset-record.js';
import type { EndpointHostOptions } from '../delivery/endpoints/endpoint-host.js';
import { StreamingEndpointManager } from '../delivery/endpoints/streaming-endpoint-manager.js';
import type { StreamingEndpoint } from '../delivery/endpoints/streaming-endpoint-record.js';
import { StreamingLocatorManager } from '../delivery/locators/streaming-locator-manager.js';
import { StreamingPolicyManager } from '../delivery/policies/streaming-policy-manager.js';
import type { LocatorDirectory, LocatorLookup, LocatorRequest } from '../http/locator-handler.js';
import { corsPolicyOf, type CrossSitePolicies } from '../http/packaging/cors-policy.js';
import type { PackagingProtocol } from '../http/packaging/manifest-request.js';
import { downloadableRenditions } from '../http/packaging/progressive-download.js';
import { IpAllowList } from '../lib/net/ip-range.js';
import type { AssetArchives } from './live-output-archives.js';

/** `DeliveryServicesOptions` configure {@link DeliveryServices}. */
export interface DeliveryServicesOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly streaming: StreamingConfig;
  readonly hosts: EndpointHostOptions;
  /** ARM location of the `default` streaming endpoint. */
  readonly location: string;
  /** The storage account name assets report. */
  readonly storageAccountName: string;
}

/**
 * `DeliveryServices` are the delivery resources of a node (assets, streaming policies, locators,
 * streaming endpoints) and what joins them to the archives: which locator URL serves which
 * presentation (`LocatorDirectory`), what an asset holds (`AssetMediaDirectory`).
 */
export class DeliveryServices implements LocatorDirectory, AssetMediaDirectory {
  readonly assets: AssetManager;
  readonly policies: StreamingPolicyManager;
  readonly locators: StreamingLocatorManager;
  readonly endpoints: StreamingEndpointManager;
  readonly #o: DeliveryServicesOptions;
  #archives: AssetArchives | undefined;

  constructor(options: DeliveryServicesOptions) {
    this.#o = options;
    const { dataDir, logger } = options;
    this.assets = new AssetManager({
      dataDir,
      logger: logger.child({ component: 'assets' }),
      storageAccountName: options.storageAccountName,
    });
    this.policies = new StreamingPolicyManager({
      dataDir,
      logger: logger.child({ component: 'streaming-policies' }),
    });
    this.locators = new StreamingLocatorManager({
      dataDir,
      logger: logger.child({ component: 'streaming-locators' }),
      assets: this.assets,
      policies: this.policies,
    });
    this.endpoints = new StreamingEndpointManager({
      dataDir,
      logger: logger.child({ component: 'streaming-endpoints' }),
      hosts: options.hosts,
      location: options.location,
      defaultState: options.streaming.defaultEndpoint,
    });
  }

  /** Loads every family (assets first: locators name them). */
  async open(): Promise<void> {
    await this.assets.open();
    await this.policies.open();
    await this.locators.open();
    await this.endpoints.open();
  }

  /** Connects the archives: asset media, locator URLs and asset deletion use them. */
  attachArchives(archives: AssetArchives): void {
    this.#archives = archives;
    this.assets.onDeleted((asset) => archives.forget(asset.name));
  }

  /** The services the REST API uses. */
  api(sas: ContainerSasIssuer): DeliveryApi {
    return {
      assets: this.assets,
      policies: this.policies,
      locators: this.locators,
      endpoints: this.endpoints,
      media: this,
      sas,
    };
  }

  async media(asset: AssetRecord): Promise<AssetMedia | undefined> {
    const archive = await this.#archives?.archive(asset.name);
    if (
      archive === undefined ||
      archive.route.reader.presentation().renditions.every((r) => r.segments.length === 0)
    ) {
      return undefined;
    }
    return {
      manifestName: archive.manifestName,
      downloads: archive.recording ? [] : downloadableRenditions(archive.route).map((r) => `${r.id}.mp4`),
    };
  }

  crossSitePolicies(host: string | undefined): CrossSitePolicies | undefined {
    return this.endpoints.serving(host).find((e) => e.resourceState === 'Running')?.crossSiteAccessPolicies;
  }

  async locate(request: LocatorRequest): Promise<LocatorLookup> {
    const candidates = this.endpoints.serving(request.host);
    const running = candidates.filter((e) => e.resourceState === 'Running');
    const allowed = running.filter((e) => allows(e, request.clientIp));
    const endpoint = allowed[0];
    const cors = corsPolicyOf(endpoint?.crossSiteAccessPolicies ?? running[0]?.crossSiteAccessPolicies);
    const refuse = (status: number, reason: string): LocatorLookup => ({
      kind: 'refused',
      status,
      reason,
      cors,
    });
    const first = candidates[0];
    if (first === undefined) {
      return refuse(404, `no streaming endpoint serves host ${request.host ?? '(none)'}`);
    }
    if (running.length === 0) {
      return refuse(
        403,
        `streaming endpoint '${first.name}' is ${first.resourceState}: it serves streaming locators only while Running; start it (POST …/streamingEndpoints/${first.name}/start, or: inlet streaming-endpoint start ${first.name})`,
      );
    }
    if (endpoint === undefined) {
      return refuse(
        403,
        `address ${request.clientIp} is not in the IP allow list of streaming endpoint '${running[0]?.name ?? ''}'`,
      );
    }
    const locator = this.locators.byId(request.streamingLocatorId);
    if (locator === undefined) {
      return refuse(404, `no streaming locator ${request.streamingLocatorId}`);
    }
    const now = Date.now();
    if (locator.startTime !== null && now < Date.parse(locator.startTime)) {
      return refuse(404, `streaming locator '${locator.name}' is valid from ${locator.startTime}`);
    }
    if (locator.endTime !== null && now > Date.parse(locator.endTime)) {
      return refuse(404, `streaming locator '${locator.name}' expired at ${locator.endTime}`);
    }
    const asset = this.assets.get(locator.assetName);
    const archive = asset === undefined ? undefined : await this.#archives?.archive(asset.name);
    if (asset === undefined || archive === undefined) {
      return refuse(
        404,
        `asset '${locator.assetName}' has no media yet: a live output must record into it (and its live event receive a stream)`,
      );
    }
    const enabled = this.policies.get(locator.streamingPolicyName)?.noEncryption?.enabledProtocols;
    const protocols = new Set<PackagingProtocol>();
    if (enabled?.hls === true) {
      protocols.add('hls');
    }
    if (enabled?.dash === true) {
      protocols.add('dash');
    }
    if (enabled?.smoothStreaming === true) {
      protocols.add('smoothStreaming');
    }
    return {
      kind: 'ok',
      manifestName: archive.manifestName,
      download: enabled?.download === true,
      source: {
        route: archive.route,
        fragmentsPerTsSegment: archive.fragmentsPerTsSegment ?? this.#o.streaming.fragmentsPerTsSegment,
        cors,
        caching: endpoint.maxCacheAge === null ? {} : { endedMaxAge: endpoint.maxCacheAge },
        protocols,
        cacheKey: `asset/${asset.assetId}/${archive.recording ? 'live' : 'vod'}`,
      },
    };
  }

  /** Waits for pending writes and operations. */
  async close(): Promise<void> {
    await this.endpoints.close();
    await this.locators.close();
    await this.policies.close();
    await this.assets.close();
  }
}

/** Parsed allow lists per endpoint view (a view is replaced on every change). */
const allowLists = new WeakMap<StreamingEndpoint, IpAllowList>();

function allows(endpoint: StreamingEndpoint, ip: string): boolean {
  if (endpoint.ipAllow === null) {
    return true;
  }
  let list = allowLists.get(endpoint);
  if (list === undefined) {
    list = IpAllowList.from(endpoint.ipAllow);
    allowLists.set(endpoint, list);
  }
  return list.allows(ip);
}
