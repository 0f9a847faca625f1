/** What a command touches outside itself, so tests can run commands in-process. */
export interface CliIo {
  readStdin(): Promise<Buffer>;
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

export const EXIT = {
  ok: 0,
  failure: 1,
  invalidPayload: 2,
  badSignature: 3,
  usage: 64,
} as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
