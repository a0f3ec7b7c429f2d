import type { ApiClient } from './api-client.js';
import { option, type CliArgs } from './cli-args.js';
import { CliError, EXIT_USAGE } from './cli-error.js';
import { formatLiveEvent, formatLiveEventList } from './print-resources.js';

/** `CommandOutput` is where a command prints. */
export interface CommandOutput {
  write(text: string): void;
}

function nameArg(args: CliArgs, what: string, index: number): string {
  const name = args.words[index];
  if (name === undefined) {
    throw new CliError(`missing the ${what} name (see inlet --help)`, EXIT_USAGE);
  }
  return encodeURIComponent(name);
}

function ipRange(cidr: string, i: number): { name: string; address: string; subnetPrefixLength?: number } {
  const [address, prefix] = cidr.split('/');
  if (address === undefined || address === '' || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) {
    throw new CliError(`--allow ${cidr}: expected an address or CIDR range like 10.0.0.0/8`, EXIT_USAGE);
  }
  return {
    name: `allow${i + 1}`,
    address,
    ...(prefix === undefined ? {} : { subnetPrefixLength: Number(prefix) }),
  };
}

/** `liveEventCommand` runs `inlet live-event <list|show|create|start|stop|delete> …`. */
export async function liveEventCommand(client: ApiClient, args: CliArgs, out: CommandOutput): Promise<void> {
  const command = args.words[1];
  const json = args.flags.has('json');
  const show = async (name: string): Promise<void> => {
    const res = await client.call('GET', `/liveEvents/${name}`);
    out.write(json ? `${JSON.stringify(res.body, null, 2)}\n` : formatLiveEvent(res.body));
  };
  switch (command) {
    case 'list': {
      const res = await client.call('GET', '/liveEvents');
      out.write(json ? `${JSON.stringify(res.body, null, 2)}\n` : formatLiveEventList(res.body));
      return;
    }
    case 'show': {
      await show(nameArg(args, 'live event', 2));
      return;
    }
    case 'create': {
      const name = nameArg(args, 'live event', 2);
      const allow = args.options.get('allow');
      const description = option(args, 'description');
      const accessToken = option(args, 'access-token');
      const keyFrameInterval = option(args, 'key-frame-interval');
      const body = {
        location: 'local',
        properties: {
          ...(description === undefined ? {} : { description }),
          input: {
            streamingProtocol: 'RTMP',
            ...(accessToken === undefined ? {} : { accessToken }),
            ...(keyFrameInterval === undefined ? {} : { keyFrameIntervalDuration: keyFrameInterval }),
            ...(allow === undefined ? {} : { accessControl: { ip: { allow: allow.map(ipRange) } } }),
          },
          ...(args.flags.has('low-latency') ? { streamOptions: ['LowLatency'] } : {}),
        },
      };
      const autoStart = args.flags.has('auto-start') ? '?autoStart=true' : '';
      await client.waitFor(await client.call('PUT', `/liveEvents/${name}${autoStart}`, body));
      await show(name);
      return;
    }
    case 'start':
    case 'stop':
    case 'delete': {
      const name = nameArg(args, 'live event', 2);
      const res =
        command === 'delete'
          ? await client.call('DELETE', `/liveEvents/${name}`)
          : await client.call(
              'POST',
              `/liveEvents/${name}/${command}`,
              command === 'stop' ? { removeOutputsOnStop: args.flags.has('remove-outputs') } : undefined,
            );
      await client.waitFor(res);
      if (command === 'delete') {
        out.write(
          res.status === 204
            ? `Live event '${decodeURIComponent(name)}' did not exist.\n`
            : `Live event '${decodeURIComponent(name)}' deleted.\n`,
        );
        return;
      }
      await show(name);
      return;
    }
    default:
      throw new CliError(
        `unknown live-event command ${JSON.stringify(command ?? '')}: use list, show, create, start, stop or delete`,
        EXIT_USAGE,
      );
  }
}
