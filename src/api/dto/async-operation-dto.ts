import type { Operation } from '../../resources/operation-registry.js';

/**
 * `asyncOperationToWire` is the ARM `AsyncOperationResult` of an operation (azure-compat §1.1):
 * `{name, status, error}` with `error` only when it failed (the SDK reads `error.code` and
 * `error.message` then), plus the ARM `startTime`/`endTime`.
 */
export function asyncOperationToWire(op: Operation): Record<string, unknown> {
  return {
    name: op.id,
    status: op.status,
    ...(op.error === null
      ? {}
      : { error: { code: op.error.code, message: op.error.message, target: op.id } }),
    startTime: op.startedAt,
    ...(op.endedAt === null ? {} : { endTime: op.endedAt }),
  };
}
