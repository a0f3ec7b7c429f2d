import { CONFIG_FIELDS, ITEM_FIELDS } from './config-schema.js';

/** `ConfigReferenceRow` documents one configuration key. */
export interface ConfigReferenceRow {
  /** Dotted key in the config file; list item members as `liveEvents[].name`. */
  readonly key: string;
  /** Environment variable that overrides it, if any. */
  readonly env: string | undefined;
  /** The default, as a reader would write it. */
  readonly default: string;
  readonly description: string;
}

/**
 * `configReference` lists every configuration key with its environment variable, default and
 * description, in file order, with list item members after their list: the source of the README's
 * configuration reference.
 */
export function configReference(): ConfigReferenceRow[] {
  const rows: ConfigReferenceRow[] = [];
  for (const f of CONFIG_FIELDS) {
    rows.push({ key: f.key, env: f.env, default: f.default, description: f.description });
    const items = ITEM_FIELDS.find((i) => i.list === f.key);
    for (const member of items?.fields ?? []) {
      rows.push({
        key: `${f.key}[].${member.key}`,
        env: undefined,
        default: member.default,
        description: member.description,
      });
    }
  }
  return rows;
}
