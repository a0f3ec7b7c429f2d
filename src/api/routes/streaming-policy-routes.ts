import type { StreamingPolicyRecord } from '../../delivery/policies/streaming-policy-record.js';
import { ResourceError } from '../../resources/resource-error.js';
import { param, type ArmHandler } from '../arm-handler.js';
import { listPage } from '../dto/list-result.js';
import { parseStreamingPolicyBody, streamingPolicyToWire } from '../dto/streaming-policy-dto.js';
import { applyODataQuery, type ODataFields } from '../odata/odata-query.js';

const POLICY_FIELDS: ODataFields<StreamingPolicyRecord> = {
  name: (p) => p.name,
  'properties/created': (p) => p.created,
};

/** `listStreamingPolicies` answers `StreamingPolicies_List`: GET `/streamingPolicies` → 200, paged. */
export const listStreamingPolicies: ArmHandler = (ctx) =>
  listPage(
    ctx,
    applyODataQuery(ctx.query, ctx.delivery.policies.list(), POLICY_FIELDS),
    (p) => streamingPolicyToWire(p, ctx.scope),
    '/streamingPolicies',
  );

/** `getStreamingPolicy` answers `StreamingPolicies_Get`: GET `/streamingPolicies/{streamingPolicyName}`. */
export const getStreamingPolicy: ArmHandler = (ctx) => {
  const name = param(ctx, 'streamingPolicyName');
  const p = ctx.delivery.policies.get(name);
  if (p === undefined) {
    throw new ResourceError('NotFound', `streaming policy '${name}' does not exist`, name);
  }
  return { status: 200, body: streamingPolicyToWire(p, ctx.scope) };
};

/** `createStreamingPolicy` answers `StreamingPolicies_Create`: PUT → 201 `StreamingPolicy` (clear policies only). */
export const createStreamingPolicy: ArmHandler = async (ctx) => {
  const p = await ctx.delivery.policies.create(
    param(ctx, 'streamingPolicyName'),
    parseStreamingPolicyBody(ctx.body),
    ctx.actor,
  );
  return { status: 201, body: streamingPolicyToWire(p, ctx.scope) };
};

/** `deleteStreamingPolicy` answers `StreamingPolicies_Delete`: DELETE → 200, or 204 when there is none. */
export const deleteStreamingPolicy: ArmHandler = async (ctx) => ({
  status: (await ctx.delivery.policies.delete(param(ctx, 'streamingPolicyName'))) ? 200 : 204,
});
