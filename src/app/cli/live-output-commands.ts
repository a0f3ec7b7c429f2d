import type { ApiClient } from './api-client.js';
import { option, type CliArgs } from './cli-args.js';
import { CliError, EXIT_USAGE } from './cli-error.js';
import type { CommandOutput } from './live-event-commands.js';
import { formatLiveOutput } from './print-resources.js';

/** Archive window of `live-output create` without `--window`. */
const DEFAULT_WINDOW = 'PT2H';

function word(args: CliArgs, index: number, what: string): string {
  const w = args.words[index];
  if (w === undefined) {
    throw new CliError(`missing the ${what} name (see inlet --help)`, EXIT_USAGE);
  }
  return w;
}

/** `liveOutputCommand` runs `inlet live-output <list|create|delete> <event> [<output>] …`. */
export async function liveOutputCommand(client: ApiClient, args: CliArgs, out: CommandOutput): Promise<void> {
  const command = args.words[1];
  const event = word(args, 2, 'live event');
  const base = `/liveEvents/${encodeURIComponent(event)}/liveOutputs`;
  switch (command) {
    case 'list': {
      const res = await client.call('GET', base);
      const outputs = (res.body as { value?: unknown[] }).value ?? [];
      out.write(
        outputs.length === 0
          ? `Live event '${event}' has no live outputs.\n`
          : outputs.map((o) => formatLiveOutput(event, o)).join(''),
      );
      return;
    }
    case 'create': {
      const name = word(args, 3, 'live output');
      const asset = option(args, 'asset');
      if (asset === undefined) {
        throw new CliError(
          'live-output create needs --asset NAME (the asset that receives the archive)',
          EXIT_USAGE,
        );
      }
      const body = {
        properties: { assetName: asset, archiveWindowLength: option(args, 'window') ?? DEFAULT_WINDOW },
      };
      const path = `${base}/${encodeURIComponent(name)}`;
      await client.waitFor(await client.call('PUT', path, body));
      out.write(formatLiveOutput(event, (await client.call('GET', path)).body));
      return;
    }
    case 'delete': {
      const name = word(args, 3, 'live output');
      const res = await client.call('DELETE', `${base}/${encodeURIComponent(name)}`);
      await client.waitFor(res);
      out.write(
        res.status === 204
          ? `Live output '${name}' did not exist.\n`
          : `Live output '${name}' of '${event}' deleted; its archive is complete.\n`,
      );
      return;
    }
    default:
      throw new CliError(
        `unknown live-output command ${JSON.stringify(command ?? '')}: use list, create or delete`,
        EXIT_USAGE,
      );
  }
}
