/**
 * What an end-to-end run proved and how long its steps took, printed once at the end (on failure too), with the whole
 * run's time: the per-version figure of the n8n matrix (scripts/e2e-matrix.mjs prints them side by side).
 */
export function runSummary(title: string) {
  const started = Date.now();
  const proved: string[] = [];
  const timings: Record<string, number> = {};
  return {
    proved: (line: string): void => void proved.push(line),
    async timed<T>(label: string, work: () => Promise<T>): Promise<T> {
      const begun = Date.now();
      try {
        return await work();
      } finally {
        timings[label] = Date.now() - begun;
      }
    },
    /** `n8nVersion`: the n8n the run was on, named in the title. */
    print(context: readonly string[] = [], n8nVersion?: string): void {
      const times = Object.entries(timings).map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)} s`);
      const total = `${((Date.now() - started) / 1000).toFixed(1)} s`;
      const heading = n8nVersion ? `${title} on n8n ${n8nVersion}: ${total}` : `${title}: ${total}`;
      const lines = [...context.map((line) => `  ${line}`), ...proved.map((line) => `  ✓ ${line}`), `  timings: ${times.join(', ')}`];
      process.stderr.write(`\n${heading}\n${lines.join('\n')}\n`);
    },
  };
}
