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
