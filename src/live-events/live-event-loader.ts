import type { Logger } from 'pino';
import { declaredLiveEventSpec, type DeclaredLiveEvent } from './declared-live-event.js';
import type { RecordContext } from '../resources/system-data.js';
import { applyLiveEventSpec, createLiveEventRecord } from './live-event-builder.js';
import type { ProcedureSteps } from './live-event-procedures.js';
import { recoverLiveEvent } from './live-event-recovery.js';
import type { CorruptLiveEventFile, LiveEventStore } from './live-event-store.js';
import type { LiveEventTable } from './live-event-table.js';
import { assertLiveEventName, nameKey } from './resource-name.js';

/** `LiveEventLoaderDeps` is what {@link loadLiveEvents} works on (the manager's parts). */
export interface LiveEventLoaderDeps {
  readonly table: LiveEventTable;
  readonly store: LiveEventStore;
  readonly steps: ProcedureSteps;
  readonly logger: Logger;
  /** Filled with the files that cannot be loaded, by lower-case name. */
  readonly corrupt: Map<string, CorruptLiveEventFile>;
  readonly declared: readonly DeclaredLiveEvent[];
  /** ARM location of declared events created here. */
  readonly location: string;
  readonly context: () => RecordContext;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `loadLiveEvents` fills the table at start-up: reads the store (corrupt files are reported and
 * skipped, as is a file whose access token another file already uses), applies the config file's
 * declared live events, then recovers every event (`recoverLiveEvent`). Rejects with a message naming
 * the declared event when the config cannot be applied.
 */
export async function loadLiveEvents(deps: LiveEventLoaderDeps): Promise<void> {
  const { table, store, logger, corrupt } = deps;
  const loaded = await store.load();
  for (const c of loaded.corrupt) {
    corrupt.set(c.key, c);
  }
  for (const doc of loaded.documents) {
    const owner = table.tokenOwner(doc.liveEvent.input.accessToken);
    if (owner !== undefined) {
      const file = store.fileOf(doc.liveEvent.name);
      const reason = `its access token is already used by live event '${owner.record.name}'`;
      logger.error(
        { file },
        `live event file ${file} is not loaded: ${reason}; change the token in one file and restart`,
      );
      corrupt.set(nameKey(doc.liveEvent.name), { key: nameKey(doc.liveEvent.name), file, reason });
      continue;
    }
    table.add(doc.liveEvent, doc.liveOutputs);
  }
  for (const declared of deps.declared) {
    try {
      await applyDeclared(deps, declared);
    } catch (error) {
      throw new Error(`config file, live event '${declared.name}': ${message(error)}`, { cause: error });
    }
  }
  for (const entry of table.entries()) {
    await recoverLiveEvent(deps.steps, entry, logger);
  }
}

async function applyDeclared(deps: LiveEventLoaderDeps, declared: DeclaredLiveEvent): Promise<void> {
  const { table, logger } = deps;
  assertLiveEventName(declared.name);
  const spec = declaredLiveEventSpec(declared, deps.location);
  const corrupt = deps.corrupt.get(nameKey(declared.name));
  if (corrupt !== undefined) {
    logger.error(
      { file: corrupt.file },
      `the declared live event '${declared.name}' is not applied: its file ${corrupt.file} cannot be read (${corrupt.reason}); fix or remove it and restart`,
    );
    return;
  }
  const entry = table.entry(declared.name);
  if (entry !== undefined) {
    const { record, changed } = applyLiveEventSpec(
      entry.record,
      { ...spec, location: undefined },
      deps.context(),
    );
    table.assertTokenFree(record.input.accessToken, entry);
    if (changed.length > 0) {
      logger.info({ liveEvent: record.name, changed }, 'applied the config file to a stored live event');
      await deps.steps.commit(entry, record);
    }
    return;
  }
  const record = {
    ...createLiveEventRecord(declared.name, spec, deps.context()),
    provisioningState: 'Succeeded' as const,
  };
  table.assertTokenFree(record.input.accessToken, undefined);
  const added = table.add(record, []);
  await deps.store.save(table.document(added));
  logger.info({ liveEvent: record.name }, 'created the live event declared in the config file');
}
