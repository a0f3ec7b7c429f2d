import { ResourceError } from '../../resources/resource-error.js';
import {
  checkText,
  normalizeAllowList,
  normalizeLocation,
  normalizeTags,
  sameLocation,
} from '../../resources/resource-fields.js';
import { assertResourceName } from '../../resources/resource-name.js';
import { createdSystemData, modifiedSystemData, type RecordContext } from '../../resources/system-data.js';
import type { StreamingEndpointRecord, StreamingEndpointSpec } from './streaming-endpoint-record.js';

/** ARM pattern and length of a streaming endpoint name (azure-compat §1.4: as live events, at most 24). */
const ENDPOINT_NAME = /^[a-zA-Z0-9]+(-*[a-zA-Z0-9])*$/;
const ENDPOINT_NAME_MAX = 24;
/** AMS premium streaming units: 0 (standard) to 10. */
const MAX_SCALE_UNITS = 10;
/** `maxCacheAge` above a year is a mistake (RFC 9111 §5.2.2.1 caches treat larger values as a year anyway). */
const MAX_CACHE_AGE = 31_536_000;
/** A host name (RFC 1123 §2.1): dot-separated DNS labels. */
const HOST_NAME =
  /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const MAX_CUSTOM_HOST_NAMES = 10;
const P = 'properties';

/** `assertStreamingEndpointName` throws `InvalidResourceName` unless `name` is a valid streaming endpoint name. */
export function assertStreamingEndpointName(name: string): void {
  assertResourceName('streaming endpoint', name, ENDPOINT_NAME, ENDPOINT_NAME_MAX);
}

function refuseUnsupported(spec: StreamingEndpointSpec): void {
  if (spec.cdnEnabled === true) {
    throw new ResourceError(
      'UnsupportedFeature',
      `${P}.cdnEnabled: Inlet does not provision a CDN; set it to false and put your CDN in front of the endpoint's host name`,
      `${P}.cdnEnabled`,
    );
  }
  if (spec.akamaiKeyCount > 0) {
    throw new ResourceError(
      'UnsupportedFeature',
      `${P}.accessControl.akamai: Akamai signature header authentication is not supported; use accessControl.ip`,
      `${P}.accessControl.akamai`,
    );
  }
}

function scaleUnits(value: number, path: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_SCALE_UNITS) {
    throw new ResourceError('BadRequest', `${path} must be an integer from 0 to ${MAX_SCALE_UNITS}`, path);
  }
  return value;
}

/** `normalizeScaleUnits` checks a scale unit count (`scaleUnits`, `scale` body `scaleUnit`). */
export function normalizeScaleUnits(value: number | undefined, path: string): number {
  if (value === undefined) {
    throw new ResourceError(
      'BadRequest',
      `${path} is required: an integer from 0 to ${MAX_SCALE_UNITS}`,
      path,
    );
  }
  return scaleUnits(value, path);
}

function customHostNames(values: readonly string[]): string[] {
  const path = `${P}.customHostNames`;
  if (values.length > MAX_CUSTOM_HOST_NAMES) {
    throw new ResourceError('BadRequest', `${path}: at most ${MAX_CUSTOM_HOST_NAMES} host names`, path);
  }
  const out: string[] = [];
  values.forEach((v, i) => {
    if (!HOST_NAME.test(v)) {
      throw new ResourceError(
        'BadRequest',
        `${path}[${i}]: ${JSON.stringify(v)} is not a host name`,
        `${path}[${i}]`,
      );
    }
    if (!out.some((o) => o.toLowerCase() === v.toLowerCase())) {
      out.push(v.toLowerCase());
    }
  });
  return out;
}

function optional(value: string | undefined, path: string): string | null | undefined {
  return value === undefined ? undefined : value === '' ? null : checkText(value, path);
}

/** Applies the settable fields of `spec` to `base`; returns the record and the names of changed fields. */
function apply(base: StreamingEndpointRecord, spec: StreamingEndpointSpec): StreamingEndpointRecord {
  refuseUnsupported(spec);
  const set = <K extends keyof StreamingEndpointRecord>(
    r: StreamingEndpointRecord,
    key: K,
    value: StreamingEndpointRecord[K] | undefined,
  ): StreamingEndpointRecord => (value === undefined ? r : { ...r, [key]: value });
  let r = base;
  r = set(r, 'tags', spec.tags === undefined ? undefined : normalizeTags(spec.tags));
  r = set(
    r,
    'description',
    spec.description === undefined ? undefined : checkText(spec.description, `${P}.description`),
  );
  r = set(
    r,
    'scaleUnits',
    spec.scaleUnits === undefined ? undefined : scaleUnits(spec.scaleUnits, `${P}.scaleUnits`),
  );
  r = set(r, 'availabilitySetName', optional(spec.availabilitySetName, `${P}.availabilitySetName`));
  r = set(
    r,
    'ipAllow',
    spec.ipAllow === undefined
      ? undefined
      : spec.ipAllow === null
        ? null
        : normalizeAllowList(spec.ipAllow, `${P}.accessControl.ip.allow`),
  );
  if (spec.maxCacheAge !== undefined) {
    if (!Number.isInteger(spec.maxCacheAge) || spec.maxCacheAge < 0 || spec.maxCacheAge > MAX_CACHE_AGE) {
      throw new ResourceError(
        'BadRequest',
        `${P}.maxCacheAge must be whole seconds from 0 to ${MAX_CACHE_AGE}`,
        `${P}.maxCacheAge`,
      );
    }
    r = { ...r, maxCacheAge: spec.maxCacheAge };
  }
  r = set(
    r,
    'customHostNames',
    spec.customHostNames === undefined ? undefined : customHostNames(spec.customHostNames),
  );
  r = set(r, 'cdnProvider', optional(spec.cdnProvider, `${P}.cdnProvider`));
  r = set(r, 'cdnProfile', optional(spec.cdnProfile, `${P}.cdnProfile`));
  if (spec.crossSiteAccessPolicies !== undefined) {
    const c = spec.crossSiteAccessPolicies;
    r = {
      ...r,
      crossSiteAccessPolicies: {
        clientAccessPolicy:
          c.clientAccessPolicy === null
            ? null
            : checkText(c.clientAccessPolicy, `${P}.crossSiteAccessPolicies.clientAccessPolicy`, 65536),
        crossDomainPolicy:
          c.crossDomainPolicy === null
            ? null
            : checkText(c.crossDomainPolicy, `${P}.crossSiteAccessPolicies.crossDomainPolicy`, 65536),
      },
    };
  }
  return r;
}

/** `createStreamingEndpointRecord` validates a create request and builds the record (Stopped). */
export function createStreamingEndpointRecord(
  name: string,
  spec: StreamingEndpointSpec,
  ctx: RecordContext,
): StreamingEndpointRecord {
  assertStreamingEndpointName(name);
  const base: StreamingEndpointRecord = {
    name,
    location: normalizeLocation(spec.location),
    tags: {},
    description: '',
    scaleUnits: 0,
    availabilitySetName: null,
    ipAllow: null,
    maxCacheAge: null,
    customHostNames: [],
    cdnProvider: null,
    cdnProfile: null,
    crossSiteAccessPolicies: { clientAccessPolicy: null, crossDomainPolicy: null },
    created: ctx.now,
    lastModified: ctx.now,
    provisioningState: 'InProgress',
    resourceState: 'Stopped',
    systemData: createdSystemData(ctx),
  };
  return apply(base, spec);
}

/**
 * `applyStreamingEndpointSpec` is a PATCH: every settable field may change; `location` may be sent
 * again but not changed (ARM: location is fixed at creation).
 */
export function applyStreamingEndpointSpec(
  record: StreamingEndpointRecord,
  spec: StreamingEndpointSpec,
  ctx: RecordContext,
): StreamingEndpointRecord {
  if (spec.location !== undefined && spec.location !== '' && !sameLocation(spec.location, record.location)) {
    throw new ResourceError(
      'PropertyChangeNotAllowed',
      `location of streaming endpoint '${record.name}' is '${record.location}' and cannot be changed`,
      'location',
    );
  }
  const next = apply(record, spec);
  if (next === record) {
    return record;
  }
  return { ...next, lastModified: ctx.now, systemData: modifiedSystemData(record.systemData, ctx) };
}
