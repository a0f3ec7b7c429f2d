import { ResourceError } from './resource-error.js';

/** `nameKey` is the lookup key of a resource name: ARM compares names case-insensitively. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/**
 * `assertResourceName` throws `InvalidResourceName` unless `name` is 1 to `max` characters and matches
 * `pattern`; `kind` names the resource in the message (`live event`, `streaming endpoint`).
 */
export function assertResourceName(kind: string, name: string, pattern: RegExp, max: number): void {
  if (name.length < 1 || name.length > max) {
    throw new ResourceError(
      'InvalidResourceName',
      `${kind} name ${JSON.stringify(name)} must be 1 to ${max} characters long (it has ${name.length})`,
      name,
    );
  }
  // The patterns have nested quantifiers; the length check above bounds their work.
  if (!pattern.test(name)) {
    throw new ResourceError(
      'InvalidResourceName',
      `${kind} name ${JSON.stringify(name)} is invalid: use letters, digits and hyphens, starting and ending with a letter or digit`,
      name,
    );
  }
}

/** Names that become file names: letters, digits, `_`, `.` and `-`, not starting with a dot, up to 260. */
const FILE_SAFE_RESOURCE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;
const FILE_SAFE_RESOURCE_NAME_MAX = 260;

/**
 * `assertFileSafeResourceName` throws `InvalidResourceName` unless `name` is 1 to 260 letters, digits,
 * `_`, `.` or `-`, not starting with a dot: resources whose names become directory or file names
 * (assets, streaming locators, streaming policies).
 */
export function assertFileSafeResourceName(kind: string, name: string): void {
  if (name.length < 1 || name.length > FILE_SAFE_RESOURCE_NAME_MAX) {
    throw new ResourceError(
      'InvalidResourceName',
      `${kind} name ${JSON.stringify(name.slice(0, 300))} must be 1 to ${FILE_SAFE_RESOURCE_NAME_MAX} characters long (it has ${name.length})`,
      name,
    );
  }
  if (!FILE_SAFE_RESOURCE_NAME.test(name)) {
    throw new ResourceError(
      'InvalidResourceName',
      `${kind} name ${JSON.stringify(name)} is invalid: use letters, digits, '_', '.' and '-', not starting with '.'`,
      name,
    );
  }
}
