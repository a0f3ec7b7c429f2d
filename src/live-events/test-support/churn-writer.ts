/**
 * A child process for the crash test: opens a live event manager on the data directory given as the
 * first argument and changes live events as fast as it can until it is killed. It prints "ready"
 * once the manager is open.
 */
import { pino } from 'pino';
import { LiveEventManager } from '../live-event-manager.js';
import { RecordingRuntime } from './recording-runtime.js';
import { TEST_ENDPOINTS } from './manager-fixture.js';

const dataDir = process.argv[2];
if (dataDir === undefined) {
  throw new Error('usage: churn-writer <dataDir>');
}
const manager = new LiveEventManager({
  dataDir,
  logger: pino({ level: 'silent' }),
  runtime: new RecordingRuntime(),
  endpoints: TEST_ENDPOINTS,
});
await manager.open();
process.stdout.write('ready\n');
const EVENTS = 6;
for (let round = 0; ; round += 1) {
  const name = `ev${round % EVENTS}`;
  const ev = manager.get(name);
  if (ev === undefined) {
    await manager.create(
      name,
      { location: 'local', input: { streamingProtocol: 'RTMP' } },
      { autoStart: round % 2 === 0 },
    ).done;
  } else if (ev.resourceState === 'Running' && manager.listOutputs(name).length === 0) {
    await manager.createOutput(name, 'out', { assetName: `${name}-${round}`, archiveWindowLength: 'PT1H' })
      .done;
  } else if (ev.resourceState === 'Running') {
    await manager.update(name, { description: `round ${round} `.repeat(50) });
    await manager.stop(name, { removeOutputsOnStop: true }).done;
  } else if (round % 3 === 0) {
    await manager.delete(name)?.done;
  } else {
    await manager.start(name).done;
  }
}
