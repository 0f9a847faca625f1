import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApiError, redactSecrets, type SecretMasking } from '../api/api-error';
import { DUB_CREDENTIAL } from '../dub/credential-forms';
import { DUB_WEBHOOK_PERMISSION } from '../dub/errors';
import { DubEventsKeptForReplay } from '../dub/disabled-hook-guard';
import { HELP } from './help';
import { hooksCommand } from './hooks-command';
import { EXIT, UsageError, type CliIo } from './io';
import { normalizeCommand } from './normalize-command';
import { parseCli, type ParsedOptions } from './options';

/** What dist/sandbox/cli.js (built from sandbox/cli.ts) provides. */
export interface SandboxCommands {
  sandboxCommand(values: ParsedOptions, io: CliIo, untilStopped: Promise<void>): Promise<number>;
  demoCommand(io: CliIo): Promise<number>;
}

/**
 * The sandbox is not part of what ships: it is built apart, beside this file's bundle, and loaded only for
 * `linkhooks sandbox` and `linkhooks demo`. The path is computed so the bundler leaves it out of the CLI.
 */
function loadSandboxCommands(): SandboxCommands {
  const file = path.join(__dirname, '..', 'sandbox', 'cli.js');
  if (!existsSync(file)) throw new Error(`The sandbox is not built (no ${file}): run npm run build first.`);
  return require(file) as SandboxCommands;
}

/** Runs one command; returns the exit code. Errors a user can act on are printed, never thrown. */
export async function runCli(argv: string[], givenIo: CliIo, untilStopped: Promise<void> = new Promise(() => undefined)): Promise<number> {
  // Every line on stderr is masked: the keys from the environment, any secret given on the command line, and every
  // form of secret the package knows. stdout is what was asked for (--show-secrets prints secrets whole there).
  const masking = cliMasking(givenIo.env, argv);
  const io: CliIo = { ...givenIo, err: (text) => givenIo.err(redactSecrets(text, masking)) };
  try {
    const { values, positionals } = parseCli(argv);
    const [command, action] = positionals;
    if (values.help || command === undefined || command === 'help') {
      io.out(HELP);
      return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
    }
    switch (command) {
      case 'normalize':
        return await normalizeCommand(values, io);
      case 'hooks':
        return await hooksCommand(action, values, io);
      case 'sandbox':
        return await loadSandboxCommands().sandboxCommand(values, io, untilStopped);
      case 'demo':
        return await loadSandboxCommands().demoCommand(io);
      default:
        throw new UsageError(`Unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\nRun linkhooks --help for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof ApiError) {
      io.err(`${withCliAdvice(error)}\n`);
      return EXIT.failure;
    }
    // A create over a hook Dub disabled with events waiting: parked, and the message says how to get them.
    if (error instanceof DubEventsKeptForReplay) {
      io.err(`${error.message}\n`);
      return EXIT.failure;
    }
    throw error;
  }
}

/** The CLI's ways out of a Dub permission 403: what a user of this command can do. */
export const DUB_WEBHOOK_ACCESS_ADVICE =
  'Three ways out: (1) a Restricted API key with Webhooks: Write (in Dub: Settings → API Keys → Create → Restricted; ' +
  'only a workspace owner can make one — the "All access" and "Read only" keys cannot manage webhooks); ' +
  '(2) an OAuth token of a workspace owner; or (3) add the webhook by hand in Dub (Settings → Webhooks) and check ' +
  'deliveries with its signing secret (linkhooks normalize --secret).';

function withCliAdvice(error: ApiError): string {
  if (error.provider !== 'dub' || error.kind !== 'missing_scope') return error.message;
  const permission = error.details.permission;
  if (permission === undefined || permission === DUB_WEBHOOK_PERMISSION) return `${error.message} ${DUB_WEBHOOK_ACCESS_ADVICE}`;
  return `${error.message} Give the Restricted key that permission too (Dub: Settings → API Keys), or use an OAuth token.`;
}

/** What the CLI masks beyond the forms every message is masked for. */
function cliMasking(env: CliIo['env'], argv: readonly string[]): SecretMasking {
  const given = argv.flatMap((argument, index) => {
    const [name, inline] = argument.split(/=(.*)/s);
    if (name !== '--secret') return [];
    return [inline ?? argv[index + 1]];
  });
  return { values: [env.DUB_API_KEY, env.LINKLY_API_KEY, ...given], patterns: [DUB_CREDENTIAL] };
}

function processIo(): CliIo {
  return {
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
  };
}

if (require.main === module) {
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  runCli(process.argv.slice(2), processIo(), stopped).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const text = `linkhooks failed unexpectedly: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`;
      process.stderr.write(redactSecrets(text, cliMasking(process.env, process.argv.slice(2))));
      process.exitCode = EXIT.failure;
    },
  );
}
