import { EventBus } from '../events/event-bus.js';
import { EventHistory } from '../events/event-history.js';
import { EventLog } from '../events/event-log.js';
import { mediaServicesTopic } from '../events/media-event.js';
import { WebhookSink } from '../events/sinks/webhook-sink.js';
import { WebSocketSink } from '../events/sinks/websocket-sink.js';
import type { StartContext } from './start-context.js';

/** `StartedEvents` are the event parts the later steps publish to and serve from. */
export interface StartedEvents {
  readonly bus: EventBus;
  readonly history: EventHistory;
  readonly websocket: WebSocketSink;
}

/**
 * `startEvents` starts the events: the durable log first, so nothing published later can be lost, then
 * the bus, the recent history, the WebSocket sink and one sink per configured webhook.
 */
export function startEvents({ config, logger, closers }: StartContext): StartedEvents {
  const log = new EventLog({
    dataDir: config.dataDir,
    logger: logger.child({ component: 'event-log' }),
    maxAgeMs: config.events.maxAge,
    maxTotalBytes: config.events.maxBytes,
  });
  closers.push(() => log.close());
  const bus = new EventBus({
    topic: mediaServicesTopic({
      subscriptionId: config.account.subscriptionId,
      resourceGroupName: config.account.resourceGroup,
      accountName: config.account.name,
    }),
    log,
    logger: logger.child({ component: 'event-bus' }),
  });
  closers.push(() => bus.close());
  const history = new EventHistory({ bus, logger: logger.child({ component: 'event-history' }) });
  closers.push(() => history.close());
  const websocket = new WebSocketSink({ bus, logger: logger.child({ component: 'events-ws' }) });
  closers.push(() => websocket.close());
  for (const hook of config.events.webhooks) {
    const sink = new WebhookSink({
      subscription: {
        url: hook.url,
        name: hook.name,
        ...(hook.eventTypes === undefined ? {} : { eventTypes: hook.eventTypes }),
        ...(hook.secret === undefined ? {} : { secret: hook.secret }),
        schema: hook.schema,
        validation: hook.validation,
      },
      bus,
      log,
      logger: logger.child({ component: 'webhook', webhook: hook.name }),
      maxEventAgeMs: config.events.webhookMaxEventAge,
    });
    closers.push(() => sink.close());
  }
  return { bus, history, websocket };
}
