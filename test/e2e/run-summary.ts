/** What an end-to-end run proved and how long its steps took, printed once at the end (on failure too). */
export function runSummary(title: string) {
  const proved: string[] = [];
  const timings: Record<string, number> = {};
  return {
    proved: (line: string): void => void proved.push(line),
    async timed<T>(label: string, work: () => Promise<T>): Promise<T> {
      const started = Date.now();
      try {
        return await work();
      } finally {
        timings[label] = Date.now() - started;
      }
    },
    print(context: readonly string[] = []): void {
      const times = Object.entries(timings).map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)} s`);
      const lines = [...context.map((line) => `  ${line}`), ...proved.map((line) => `  ✓ ${line}`), `  timings: ${times.join(', ')}`];
      process.stderr.write(`\n${title}\n${lines.join('\n')}\n`);
    },
  };
}
