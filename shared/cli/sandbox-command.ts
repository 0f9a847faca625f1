import { DUB_TOKEN_BUSINESS, LINKLY_KEY_PAID, LINKLY_WORKSPACE_PAID, startSandbox } from '../sandbox';
import { EXIT, UsageError, type CliIo } from './io';
import type { ParsedOptions } from './options';

/** `linkhooks sandbox` (npm run sandbox): the fake Dub and Linkly APIs alone, until Ctrl-C. */
export async function sandboxCommand(values: ParsedOptions, io: CliIo, untilStopped: Promise<void>): Promise<number> {
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
  const sandbox = await startSandbox({ port });
  io.out(
    [
      `Sandbox listening on ${sandbox.url}`,
      `  Dub API:    ${sandbox.dubBaseUrl}    (DUB_API_KEY=${DUB_TOKEN_BUSINESS})`,
      `  Linkly API: ${sandbox.linklyBaseUrl}    (LINKLY_API_KEY=${LINKLY_KEY_PAID} LINKLY_WORKSPACE_ID=${LINKLY_WORKSPACE_PAID})`,
      `  Control:    ${sandbox.url}/__sandbox/hooks, POST ${sandbox.url}/__sandbox/dub/deliver`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await untilStopped;
  await sandbox.close();
  return EXIT.ok;
}
