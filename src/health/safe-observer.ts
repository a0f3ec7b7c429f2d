import type { Logger } from 'pino';
import type { HealthObserver } from './health-types.js';

/**
 * `safeObserver` wraps `observer` so that an exception thrown by one of its methods is logged (error, with
 * the report kind) and swallowed: a faulty subscriber never breaks the heartbeat timer or the unit path.
 */
export function safeObserver(observer: HealthObserver, logger: Logger): HealthObserver {
  return {
    heartbeat: guard(logger, 'heartbeat', (report) => observer.heartbeat(report)),
    streamsOutOfSync: guard(logger, 'streamsOutOfSync', (report) => observer.streamsOutOfSync(report)),
    videoStreamsOutOfSync: guard(logger, 'videoStreamsOutOfSync', (report) =>
      observer.videoStreamsOutOfSync(report),
    ),
    archiveHeartbeat: guard(logger, 'archiveHeartbeat', (report) => observer.archiveHeartbeat(report)),
  };
}

function guard<R>(logger: Logger, kind: string, deliver: (report: R) => void): (report: R) => void {
  return (report) => {
    try {
      deliver(report);
    } catch (err) {
      logger.error({ err, report: kind }, 'health observer threw; report dropped');
    }
  };
}
