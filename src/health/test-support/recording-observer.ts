import type {
  ArchiveHeartbeatReport,
  HealthObserver,
  IngestHeartbeatReport,
  StreamsOutOfSyncReport,
  VideoStreamsOutOfSyncReport,
} from '../health-types.js';

/** `RecordingObserver` is a `HealthObserver` that keeps every report it receives, per kind. */
export class RecordingObserver implements HealthObserver {
  readonly heartbeats: IngestHeartbeatReport[] = [];
  readonly outOfSync: StreamsOutOfSyncReport[] = [];
  readonly videoOutOfSync: VideoStreamsOutOfSyncReport[] = [];
  readonly archive: ArchiveHeartbeatReport[] = [];

  heartbeat(report: IngestHeartbeatReport): void {
    this.heartbeats.push(report);
  }

  streamsOutOfSync(report: StreamsOutOfSyncReport): void {
    this.outOfSync.push(report);
  }

  videoStreamsOutOfSync(report: VideoStreamsOutOfSyncReport): void {
    this.videoOutOfSync.push(report);
  }

  archiveHeartbeat(report: ArchiveHeartbeatReport): void {
    this.archive.push(report);
  }
}
