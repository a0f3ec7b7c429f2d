import { ensureApiToken, type ApiTokens } from '../api/api-token.js';
import { createArmApi } from '../api/create-arm-api.js';
import type { LiveEventManager } from '../live-events/live-event-manager.js';
import { historyTelemetry } from './history-telemetry.js';
import type { OpenedDelivery } from './open-delivery.js';
import type { StartContext } from './start-context.js';
import type { StartedEvents } from './start-events.js';
import type { StartedHttp } from './start-http.js';

/**
 * `startApi` makes the last late parts of the HTTP routes: the streaming locator URLs, the asset
 * containers and the management API (with its bearer tokens, made once when none is configured).
 */
export async function startApi(
  { config, logger, closers }: StartContext,
  parts: {
    readonly liveEvents: LiveEventManager;
    readonly delivery: OpenedDelivery;
    readonly events: StartedEvents;
    readonly http: StartedHttp;
  },
): Promise<ApiTokens> {
  const { liveEvents, delivery } = parts;
  const { history } = parts.events;
  const { late } = parts.http;
  const apiTokens = await ensureApiToken(config.dataDir, config.api.tokens);
  late.locators.current = delivery.services;
  late.containers.current = delivery.sas;
  late.api.current = createArmApi({
    liveEvents,
    delivery: delivery.services.api(delivery.sas),
    apiTokens: apiTokens.tokens,
    logger: logger.child({ component: 'api' }),
    telemetry: historyTelemetry(history, (name) => liveEvents.catalog.get(name)?.resourceState === 'Running'),
  });
  closers.push(() => late.api.current?.close());
  return apiTokens;
}
