import type { ConfigField } from './config-field.js';
import { accountFields } from './sections/account.js';
import { apiFields } from './sections/api.js';
import { eventsFields } from './sections/events.js';
import { generalFields } from './sections/general.js';
import { healthFields } from './sections/health.js';
import { httpFields } from './sections/http.js';
import { limitsFields } from './sections/limits.js';
import { liveEventFields } from './sections/live-event.js';
import { liveEventsFields } from './sections/live-events.js';
import { logFields } from './sections/log.js';
import { packagerFields } from './sections/packager.js';
import { streamingFields } from './sections/streaming.js';
import { rtmpFields } from './sections/rtmp.js';
import { webhookFields } from './sections/webhook.js';

/** `CONFIG_FIELDS` are all configuration keys, in reference order. */
export const CONFIG_FIELDS: readonly ConfigField<unknown>[] = [
  ...generalFields,
  ...accountFields,
  ...rtmpFields,
  ...httpFields,
  ...limitsFields,
  ...healthFields,
  ...eventsFields,
  ...packagerFields,
  ...streamingFields,
  ...apiFields,
  ...logFields,
  ...liveEventsFields,
];

/** `ITEM_FIELDS` are the members of list items, under the list key they belong to. */
export const ITEM_FIELDS: readonly {
  readonly list: string;
  readonly fields: readonly ConfigField<unknown>[];
}[] = [
  { list: 'events.webhooks', fields: Object.values(webhookFields) },
  { list: 'liveEvents', fields: Object.values(liveEventFields) },
];

/** `CONFIG_ENV_FILE` is the environment variable naming the config file (after `--config`). */
export const CONFIG_ENV_FILE = 'INLET_CONFIG';
