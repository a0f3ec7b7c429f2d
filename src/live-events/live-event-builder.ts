import { isDeepStrictEqual } from 'node:util';
import { generateGuid, normalizeAccessToken } from '../resources/guid.js';
import { ResourceError } from '../resources/resource-error.js';
import {
  ALLOW_ALL,
  checkText,
  normalizeAllowList,
  normalizeGuidField,
  normalizeLocation,
  normalizeTags,
  normalizeUrlField,
  parseDurationField,
  sameLocation,
  sameSet,
} from '../resources/resource-fields.js';
import {
  KEY_FRAME_INTERVAL_DEFAULT,
  normalizeEncodingType,
  normalizeHostnamePrefix,
  normalizeKeyFrameInterval,
  normalizeStreamingProtocol,
  normalizeStreamOptions,
  normalizeStretchMode,
} from './live-event-fields.js';
import { createdSystemData, modifiedSystemData, type RecordContext } from '../resources/system-data.js';
import type { LiveEventRecord } from './live-event-record.js';
import type { LiveEventSpec } from './live-event-spec.js';
import { assertLiveEventName } from './resource-name.js';

/** `SpecResult` is a record with a spec applied, and the ARM paths of the properties that changed. */
export interface SpecResult {
  readonly record: LiveEventRecord;
  readonly changed: readonly string[];
}

const P = 'properties';

/**
 * `createLiveEventRecord` validates a create request and builds the new record (state `Stopped`).
 * Defaults as AMS: a generated access token and preview locator, key frame interval `PT2S`,
 * pass-through encoding; and, where AMS would allow nobody, every address when no allow list is given
 * (a self-hosted server that refuses every encoder by default only confuses; `allow: []` still denies all).
 */
export function createLiveEventRecord(
  name: string,
  spec: LiveEventSpec,
  ctx: RecordContext,
): LiveEventRecord {
  assertLiveEventName(name);
  const location = normalizeLocation(spec.location);
  if (spec.input === undefined) {
    throw new ResourceError(
      'BadRequest',
      `${P}.input is required (at least {"streamingProtocol": "RTMP"})`,
      `${P}.input`,
    );
  }
  normalizeStreamingProtocol(spec.input.streamingProtocol, `${P}.input.streamingProtocol`);
  const base: LiveEventRecord = {
    name,
    location,
    tags: {},
    description: '',
    input: {
      streamingProtocol: 'RTMP',
      accessToken: generateGuid(),
      keyFrameIntervalDuration: KEY_FRAME_INTERVAL_DEFAULT,
      accessControl: { allow: ALLOW_ALL },
      timedMetadataEndpoints: [],
    },
    preview: {
      accessControl: { allow: ALLOW_ALL },
      previewLocator: generateGuid(),
      streamingPolicyName: null,
      alternativeMediaId: null,
    },
    encoding: { encodingType: 'None', presetName: null, stretchMode: null, keyFrameInterval: null },
    transcriptions: [],
    crossSiteAccessPolicies: { clientAccessPolicy: null, crossDomainPolicy: null },
    useStaticHostname: false,
    hostnamePrefix: null,
    streamOptions: ['Default'],
    created: ctx.now,
    lastModified: ctx.now,
    provisioningState: 'InProgress',
    resourceState: 'Stopped',
    systemData: createdSystemData(ctx),
  };
  return applyLiveEventSpec(base, spec, ctx).record;
}

/**
 * `applyLiveEventSpec` validates the fields given in `spec` and returns `current` with them applied,
 * plus the ARM paths of the properties whose value changed. It does not judge whether a change is
 * allowed in the current state (see `assertUpdateAllowed`).
 */
export function applyLiveEventSpec(
  current: LiveEventRecord,
  spec: LiveEventSpec,
  ctx: RecordContext,
): SpecResult {
  const changed: string[] = [];
  const note = (path: string, same: boolean): void => {
    if (!same) {
      changed.push(path);
    }
  };
  let r: LiveEventRecord = current;
  if (spec.location !== undefined) {
    const location = normalizeLocation(spec.location);
    note('location', sameLocation(location, r.location));
  }
  if (spec.tags !== undefined) {
    const tags = normalizeTags(spec.tags);
    note('tags', isDeepStrictEqual(tags, r.tags));
    r = { ...r, tags };
  }
  if (spec.description !== undefined) {
    const description = checkText(spec.description, `${P}.description`);
    note(`${P}.description`, description === r.description);
    r = { ...r, description };
  }
  r = applyInput(r, spec, note);
  r = applyPreview(r, spec, note);
  r = applyEncoding(r, spec, note);
  if (spec.transcriptions !== undefined) {
    const transcriptions = spec.transcriptions.map((t, i) => ({
      ...t,
      language: t.language === null ? null : checkText(t.language, `${P}.transcriptions[${i}].language`, 64),
    }));
    note(`${P}.transcriptions`, isDeepStrictEqual(transcriptions, r.transcriptions));
    r = { ...r, transcriptions };
  }
  if (spec.crossSiteAccessPolicies !== undefined) {
    const c = spec.crossSiteAccessPolicies;
    const policies = {
      clientAccessPolicy:
        c.clientAccessPolicy === null
          ? null
          : checkText(c.clientAccessPolicy, `${P}.crossSiteAccessPolicies`, 65_536),
      crossDomainPolicy:
        c.crossDomainPolicy === null
          ? null
          : checkText(c.crossDomainPolicy, `${P}.crossSiteAccessPolicies`, 65_536),
    };
    note(`${P}.crossSiteAccessPolicies`, isDeepStrictEqual(policies, r.crossSiteAccessPolicies));
    r = { ...r, crossSiteAccessPolicies: policies };
  }
  if (spec.useStaticHostname !== undefined) {
    note(`${P}.useStaticHostname`, spec.useStaticHostname === r.useStaticHostname);
    r = { ...r, useStaticHostname: spec.useStaticHostname };
  }
  if (spec.hostnamePrefix !== undefined) {
    const prefix = normalizeHostnamePrefix(spec.hostnamePrefix, `${P}.hostnamePrefix`);
    note(`${P}.hostnamePrefix`, prefix === r.hostnamePrefix);
    r = { ...r, hostnamePrefix: prefix };
  }
  if (spec.streamOptions !== undefined) {
    const given = normalizeStreamOptions(spec.streamOptions, `${P}.streamOptions`);
    const streamOptions = given.length === 0 ? (['Default'] as const) : given;
    note(`${P}.streamOptions`, sameSet(streamOptions, r.streamOptions));
    r = { ...r, streamOptions };
  }
  if (r.encoding.encodingType === 'PassthroughBasic' && r.transcriptions.length > 0) {
    throw new ResourceError(
      'BadRequest',
      `${P}.transcriptions: PassthroughBasic live events have no live transcription; use PassthroughStandard`,
      `${P}.transcriptions`,
    );
  }
  if (changed.length > 0) {
    r = {
      ...r,
      lastModified: ctx.now,
      systemData: modifiedSystemData(r.systemData, ctx),
    };
  }
  return { record: r, changed };
}

type Note = (path: string, same: boolean) => void;

function applyInput(r: LiveEventRecord, spec: LiveEventSpec, note: Note): LiveEventRecord {
  const s = spec.input;
  if (s === undefined) {
    return r;
  }
  const path = `${P}.input`;
  let input = r.input;
  if (s.streamingProtocol !== undefined) {
    normalizeStreamingProtocol(s.streamingProtocol, `${path}.streamingProtocol`);
  }
  if (s.accessToken !== undefined) {
    const token = normalizeGuidField(s.accessToken, `${path}.accessToken`);
    note(`${path}.accessToken`, normalizeAccessToken(token) === normalizeAccessToken(input.accessToken));
    input = { ...input, accessToken: token };
  }
  if (s.keyFrameIntervalDuration !== undefined) {
    const k = normalizeKeyFrameInterval(s.keyFrameIntervalDuration, `${path}.keyFrameIntervalDuration`);
    note(`${path}.keyFrameIntervalDuration`, k === input.keyFrameIntervalDuration);
    input = { ...input, keyFrameIntervalDuration: k };
  }
  if (s.accessControl?.allow !== undefined) {
    const allow = normalizeAllowList(s.accessControl.allow, `${path}.accessControl.ip.allow`);
    note(`${path}.accessControl`, isDeepStrictEqual(allow, input.accessControl.allow));
    input = { ...input, accessControl: { allow } };
  }
  if (s.timedMetadataEndpoints !== undefined) {
    const endpoints = s.timedMetadataEndpoints.map((e, i) => ({
      url: normalizeUrlField(e.url, `${path}.timedMetadataEndpoints[${i}].url`),
    }));
    note(`${path}.timedMetadataEndpoints`, isDeepStrictEqual(endpoints, input.timedMetadataEndpoints));
    input = { ...input, timedMetadataEndpoints: endpoints };
  }
  return { ...r, input };
}

function applyPreview(r: LiveEventRecord, spec: LiveEventSpec, note: Note): LiveEventRecord {
  const s = spec.preview;
  if (s === undefined) {
    return r;
  }
  const path = `${P}.preview`;
  let preview = r.preview;
  if (s.accessControl?.allow !== undefined) {
    const allow = normalizeAllowList(s.accessControl.allow, `${path}.accessControl.ip.allow`);
    note(`${path}.accessControl`, isDeepStrictEqual(allow, preview.accessControl.allow));
    preview = { ...preview, accessControl: { allow } };
  }
  if (s.previewLocator !== undefined) {
    const locator = normalizeGuidField(s.previewLocator, `${path}.previewLocator`);
    note(`${path}.previewLocator`, locator.toLowerCase() === preview.previewLocator.toLowerCase());
    preview = { ...preview, previewLocator: locator };
  }
  if (s.streamingPolicyName !== undefined) {
    const v = checkText(s.streamingPolicyName, `${path}.streamingPolicyName`, 260);
    note(`${path}.streamingPolicyName`, v === preview.streamingPolicyName);
    preview = { ...preview, streamingPolicyName: v };
  }
  if (s.alternativeMediaId !== undefined) {
    const v = checkText(s.alternativeMediaId, `${path}.alternativeMediaId`, 260);
    note(`${path}.alternativeMediaId`, v === preview.alternativeMediaId);
    preview = { ...preview, alternativeMediaId: v };
  }
  return { ...r, preview };
}

function applyEncoding(r: LiveEventRecord, spec: LiveEventSpec, note: Note): LiveEventRecord {
  const s = spec.encoding;
  if (s === undefined) {
    return r;
  }
  const path = `${P}.encoding`;
  let encoding = r.encoding;
  if (s.encodingType !== undefined) {
    const t = normalizeEncodingType(s.encodingType, `${path}.encodingType`);
    note(`${path}.encodingType`, t === encoding.encodingType);
    encoding = { ...encoding, encodingType: t };
  }
  if (s.presetName !== undefined) {
    const v = checkText(s.presetName, `${path}.presetName`, 260);
    note(`${path}.presetName`, v === encoding.presetName);
    encoding = { ...encoding, presetName: v };
  }
  if (s.stretchMode !== undefined) {
    const v = normalizeStretchMode(s.stretchMode, `${path}.stretchMode`);
    note(`${path}.stretchMode`, v === encoding.stretchMode);
    encoding = { ...encoding, stretchMode: v };
  }
  if (s.keyFrameInterval !== undefined) {
    const k = normalizeKeyFrameInterval(s.keyFrameInterval, `${path}.keyFrameInterval`);
    note(`${path}.keyFrameInterval`, k === encoding.keyFrameInterval);
    encoding = { ...encoding, keyFrameInterval: k };
  }
  return { ...r, encoding };
}

/** `keyFrameIntervalMs` is the key frame interval of a record in milliseconds. */
export function keyFrameIntervalMs(record: LiveEventRecord): number {
  return parseDurationField(
    record.input.keyFrameIntervalDuration,
    `${P}.input.keyFrameIntervalDuration`,
    0,
    Number.MAX_SAFE_INTEGER,
  );
}
