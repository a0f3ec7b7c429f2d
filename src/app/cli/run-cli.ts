import { ApiClient } from './api-client.js';
import { parseCliArgs } from './cli-args.js';
import { resolveConnection } from './cli-connection.js';
import { CliError, EXIT_USAGE } from './cli-error.js';
import { assetCommand, locatorCommand, streamingEndpointCommand } from './delivery-commands.js';
import { liveEventCommand, type CommandOutput } from './live-event-commands.js';
import { liveOutputCommand } from './live-output-commands.js';

/** `CliIo` is the process surroundings of the CLI (injected for tests). */
export interface CliIo {
  readonly stdout: CommandOutput;
  readonly stderr: CommandOutput;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** `USAGE` is the help text. */
export const USAGE = `Usage: inlet <live-event|live-output|asset|locator|streaming-endpoint> <command> [arguments] [options]

  inlet live-event list
  inlet live-event show <name>
  inlet live-event create <name> [--auto-start] [--allow CIDR]... [--description TEXT]
                                 [--access-token GUID] [--key-frame-interval PT2S] [--low-latency]
  inlet live-event start <name>
  inlet live-event stop <name> [--remove-outputs]
  inlet live-event delete <name>
  inlet live-output list <event>
  inlet live-output create <event> <output> --asset NAME [--window PT2H]
  inlet live-output delete <event> <output>
  inlet asset list
  inlet asset show <name>
  inlet asset create <name> [--description TEXT]
  inlet asset delete <name>
  inlet locator list
  inlet locator create <name> --asset NAME [--policy Predefined_ClearStreamingOnly] [--endpoint default]
  inlet locator show <name> [--endpoint default]      playback URLs of every format, and a player page
  inlet locator delete <name>
  inlet streaming-endpoint list
  inlet streaming-endpoint start [<name>]              (default: the endpoint "default")
  inlet streaming-endpoint stop [<name>]

Options:
  --url URL         Inlet's HTTPS address (default: $INLET_URL, else https://localhost:8443)
  --token TOKEN     API token (default: $INLET_API_TOKEN, else <data-dir>/api-token)
  --data-dir DIR    data directory of a server on this machine (default: $INLET_DATA_DIR, else ./data);
                    its api-token and tls/ca.pem are used when present
  --ca FILE         CA certificate to trust (default: <data-dir>/tls/ca.pem when it exists)
  --json            print the API's JSON
  -h, --help        show this help
`;

/**
 * `runCli` runs one CLI command and resolves its exit code: 0 on success, 1 when the command failed
 * (the reason is one line on stderr), 2 for a command line that cannot be understood.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.flags.has('help') || args.words.length === 0) {
      io.stdout.write(USAGE);
      return args.words.length === 0 && !args.flags.has('help') ? EXIT_USAGE : 0;
    }
    const client = new ApiClient(resolveConnection(args, io.env, io.cwd));
    switch (args.words[0]) {
      case 'live-event':
        await liveEventCommand(client, args, io.stdout);
        return 0;
      case 'live-output':
        await liveOutputCommand(client, args, io.stdout);
        return 0;
      case 'asset':
        await assetCommand(client, args, io.stdout);
        return 0;
      case 'locator':
        await locatorCommand(client, args, io.stdout);
        return 0;
      case 'streaming-endpoint':
        await streamingEndpointCommand(client, args, io.stdout);
        return 0;
      default:
        throw new CliError(
          `unknown resource ${JSON.stringify(args.words[0])}: use live-event, live-output, asset, locator or streaming-endpoint`,
          EXIT_USAGE,
        );
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`inlet: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(
      `inlet: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
