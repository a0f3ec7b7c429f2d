import type { JsonObjectReader } from './json-object-reader.js';
import { ResourceError } from './resource-error.js';

/** `ActorType` is the common-types `createdByType` enum. */
export type ActorType = 'User' | 'Application' | 'ManagedIdentity' | 'Key';

/** `Actor` is who asked for a change; it lands in `systemData`. */
export interface Actor {
  readonly name: string;
  readonly type: ActorType;
}

/** `SystemData` is the ARM common-types `systemData` of a resource. */
export interface SystemData {
  readonly createdBy: string;
  readonly createdByType: ActorType;
  readonly createdAt: string;
  readonly lastModifiedBy: string;
  readonly lastModifiedByType: ActorType;
  readonly lastModifiedAt: string;
}

/** `RecordContext` is when and by whom a record is made or changed. */
export interface RecordContext {
  /** ISO 8601 UTC time (`…Z`). */
  readonly now: string;
  readonly actor: Actor;
}

/** `createdSystemData` is the `systemData` of a resource made now by `ctx.actor`. */
export function createdSystemData(ctx: RecordContext): SystemData {
  return {
    createdBy: ctx.actor.name,
    createdByType: ctx.actor.type,
    createdAt: ctx.now,
    lastModifiedBy: ctx.actor.name,
    lastModifiedByType: ctx.actor.type,
    lastModifiedAt: ctx.now,
  };
}

/** `modifiedSystemData` is `systemData` after a change made now by `ctx.actor`. */
export function modifiedSystemData(previous: SystemData, ctx: RecordContext): SystemData {
  return {
    ...previous,
    lastModifiedBy: ctx.actor.name,
    lastModifiedByType: ctx.actor.type,
    lastModifiedAt: ctx.now,
  };
}

const ACTOR_TYPES: readonly ActorType[] = ['User', 'Application', 'ManagedIdentity', 'Key'];

function actorType(r: JsonObjectReader, key: string): ActorType {
  const v = r.string(key);
  const found = ACTOR_TYPES.find((a) => a === v);
  if (found === undefined) {
    throw new ResourceError(
      'BadRequest',
      `${r.at(key)} must be one of ${ACTOR_TYPES.join(', ')}, not ${JSON.stringify(v)}`,
    );
  }
  return found;
}

/** `readSystemData` reads a stored `systemData` object (throws `BadRequest` naming the bad field). */
export function readSystemData(r: JsonObjectReader): SystemData {
  return {
    createdBy: r.string('createdBy'),
    createdByType: actorType(r, 'createdByType'),
    createdAt: r.string('createdAt'),
    lastModifiedBy: r.string('lastModifiedBy'),
    lastModifiedByType: actorType(r, 'lastModifiedByType'),
    lastModifiedAt: r.string('lastModifiedAt'),
  };
}
