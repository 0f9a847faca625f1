import { runCli } from '../../shared/cli/main';

/** Runs the CLI in-process with captured output. */
export async function cli(argv: string[], options: { stdin?: string | Buffer; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}
