/** The entry the CLI loads at run time for `linkhooks sandbox` and `linkhooks demo` (built to dist/sandbox/cli.js). */
import { EXIT, type CliIo } from '../shared/cli/io';
import type { SandboxCommands } from '../shared/cli/main';
import type { ParsedOptions } from '../shared/cli/options';
import { demoCommand } from './demo';
import { CONTROL_MOUNT, DUB_CREDENTIALS, DUB_TOKEN_BUSINESS, LINKLY_KEY_PAID, LINKLY_WORKSPACE_PAID, startSandbox } from './index';

/** `linkhooks sandbox` (npm run sandbox): the fake Dub and Linkly APIs alone, until Ctrl-C. */
export async function sandboxCommand(values: ParsedOptions, io: CliIo, untilStopped: Promise<void>): Promise<number> {
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    // Printed here rather than thrown: this bundle's UsageError is not the class the CLI's bundle catches.
    io.err(`--port must be a port number, not "${values.port}"\nRun linkhooks --help for usage.\n`);
    return EXIT.usage;
  }
  const sandbox = await startSandbox({ port });
  const control = `${sandbox.url}${CONTROL_MOUNT}`;
  io.out(
    [
      `Sandbox listening on ${sandbox.url}`,
      `  Dub API:    ${sandbox.dubBaseUrl}    (DUB_API_KEY=${DUB_TOKEN_BUSINESS}: OAuth token, Business plan)`,
      `              every credential: ${Object.entries(DUB_CREDENTIALS).map(([name, token]) => `${name}=${token}`).join(', ')}`,
      `  Linkly API: ${sandbox.linklyBaseUrl}    (LINKLY_API_KEY=${LINKLY_KEY_PAID} LINKLY_WORKSPACE_ID=${LINKLY_WORKSPACE_PAID})`,
      `  Control:    ${control}/info, ${control}/hooks, POST ${control}/dub/deliver, POST ${control}/linkly/deliver (see README: Sandbox)`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await untilStopped;
  await sandbox.close();
  return EXIT.ok;
}

export { demoCommand };

// The CLI requires this file by path, so the compiler cannot check the shape it expects: this line does.
({ sandboxCommand, demoCommand }) satisfies SandboxCommands;
