import type { ApiClient } from './api-client.js';
import { option, type CliArgs } from './cli-args.js';
import { CliError, EXIT_USAGE } from './cli-error.js';
import type { CommandOutput } from './live-event-commands.js';
import {
  formatAsset,
  formatAssetList,
  formatLocator,
  formatLocatorList,
  formatStreamingEndpointList,
  type LocatorView,
} from './print-delivery.js';

/** The streaming endpoint `locator create` and `locator show` print URLs for. */
const DEFAULT_ENDPOINT = 'default';
/** Streaming policy of `locator create` without `--policy` (what AMS samples use for clear streaming). */
const DEFAULT_POLICY = 'Predefined_ClearStreamingOnly';

function nameArg(args: CliArgs, what: string): string {
  const name = args.words[2];
  if (name === undefined) {
    throw new CliError(`missing the ${what} name (see inlet --help)`, EXIT_USAGE);
  }
  return name;
}

function printJson(out: CommandOutput, body: unknown): void {
  out.write(`${JSON.stringify(body, null, 2)}\n`);
}

function unknownCommand(resource: string, command: string | undefined, commands: string): never {
  throw new CliError(
    `unknown ${resource} command ${JSON.stringify(command ?? '')}: use ${commands}`,
    EXIT_USAGE,
  );
}

/** `assetCommand` runs `inlet asset <list|show|create|delete> …`. */
export async function assetCommand(client: ApiClient, args: CliArgs, out: CommandOutput): Promise<void> {
  const command = args.words[1];
  const json = args.flags.has('json');
  switch (command) {
    case 'list': {
      const res = await client.call('GET', '/assets');
      return json ? printJson(out, res.body) : out.write(formatAssetList(res.body));
    }
    case 'show': {
      const path = `/assets/${encodeURIComponent(nameArg(args, 'asset'))}`;
      const res = await client.call('GET', path);
      const locators = await client.call('POST', `${path}/listStreamingLocators`);
      return json ? printJson(out, res.body) : out.write(formatAsset(res.body, locators.body));
    }
    case 'create': {
      const path = `/assets/${encodeURIComponent(nameArg(args, 'asset'))}`;
      const description = option(args, 'description');
      const res = await client.call('PUT', path, {
        properties: description === undefined ? {} : { description },
      });
      return json ? printJson(out, res.body) : out.write(formatAsset(res.body, { streamingLocators: [] }));
    }
    case 'delete': {
      const name = nameArg(args, 'asset');
      const res = await client.call('DELETE', `/assets/${encodeURIComponent(name)}`);
      out.write(
        res.status === 204
          ? `Asset '${name}' did not exist.\n`
          : `Asset '${name}' deleted, with its files and streaming locators.\n`,
      );
      return;
    }
    default:
      return unknownCommand('asset', command, 'list, show, create or delete');
  }
}

/** The locator, its streaming endpoint and paths, for printing the URLs a player opens. */
async function locatorView(client: ApiClient, name: string, endpointName: string): Promise<LocatorView> {
  const path = `/streamingLocators/${encodeURIComponent(name)}`;
  const [locator, paths, endpoint] = await Promise.all([
    client.call('GET', path),
    client.call('POST', `${path}/listPaths`),
    client.call('GET', `/streamingEndpoints/${encodeURIComponent(endpointName)}`),
  ]);
  return { locator: locator.body, paths: paths.body, endpoint: endpoint.body };
}

/** `locatorCommand` runs `inlet locator <list|show|create|delete> …`. */
export async function locatorCommand(client: ApiClient, args: CliArgs, out: CommandOutput): Promise<void> {
  const command = args.words[1];
  const json = args.flags.has('json');
  const endpoint = option(args, 'endpoint') ?? DEFAULT_ENDPOINT;
  switch (command) {
    case 'list': {
      const res = await client.call('GET', '/streamingLocators');
      return json ? printJson(out, res.body) : out.write(formatLocatorList(res.body));
    }
    case 'show': {
      const view = await locatorView(client, nameArg(args, 'streaming locator'), endpoint);
      return json ? printJson(out, view) : out.write(formatLocator(view));
    }
    case 'create': {
      const name = nameArg(args, 'streaming locator');
      const asset = option(args, 'asset');
      if (asset === undefined) {
        throw new CliError('locator create needs --asset NAME (the asset to publish)', EXIT_USAGE);
      }
      await client.call('PUT', `/streamingLocators/${encodeURIComponent(name)}`, {
        properties: { assetName: asset, streamingPolicyName: option(args, 'policy') ?? DEFAULT_POLICY },
      });
      const view = await locatorView(client, name, endpoint);
      return json ? printJson(out, view) : out.write(formatLocator(view));
    }
    case 'delete': {
      const name = nameArg(args, 'streaming locator');
      const res = await client.call('DELETE', `/streamingLocators/${encodeURIComponent(name)}`);
      out.write(
        res.status === 204
          ? `Streaming locator '${name}' did not exist.\n`
          : `Streaming locator '${name}' deleted; its URLs no longer play.\n`,
      );
      return;
    }
    default:
      return unknownCommand('locator', command, 'list, show, create or delete');
  }
}

/** `streamingEndpointCommand` runs `inlet streaming-endpoint <list|start|stop> …`. */
export async function streamingEndpointCommand(
  client: ApiClient,
  args: CliArgs,
  out: CommandOutput,
): Promise<void> {
  const command = args.words[1];
  const json = args.flags.has('json');
  switch (command) {
    case 'list': {
      const res = await client.call('GET', '/streamingEndpoints');
      return json ? printJson(out, res.body) : out.write(formatStreamingEndpointList(res.body));
    }
    case 'start':
    case 'stop': {
      const name = args.words[2] ?? DEFAULT_ENDPOINT;
      const path = `/streamingEndpoints/${encodeURIComponent(name)}`;
      await client.waitFor(await client.call('POST', `${path}/${command}`));
      const res = await client.call('GET', path);
      return json ? printJson(out, res.body) : out.write(formatStreamingEndpointList({ value: [res.body] }));
    }
    default:
      return unknownCommand('streaming-endpoint', command, 'list, start or stop');
  }
}
