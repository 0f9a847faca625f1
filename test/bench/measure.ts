/** Tiny benchmarking helpers: interleaved rounds, medians, and ratios against a baseline from the same run. */

export interface Timing {
  /** Median nanoseconds per operation over the rounds. */
  nsPerOp: number;
}

/**
 * Times `candidate` against `baseline` in alternating rounds so both see the same machine state, and returns
 * the median ns/op of each. `operations` runs per round.
 */
export function compare(baseline: () => void, candidate: () => void, operations: number, rounds = 15): { baseline: Timing; candidate: Timing } {
  for (let warm = 0; warm < operations; warm += 1) {
    baseline();
    candidate();
  }
  const base: number[] = [];
  const cand: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    base.push(timeRound(baseline, operations));
    cand.push(timeRound(candidate, operations));
  }
  return { baseline: { nsPerOp: median(base) }, candidate: { nsPerOp: median(cand) } };
}

function timeRound(operation: () => void, operations: number): number {
  const start = process.hrtime.bigint();
  for (let index = 0; index < operations; index += 1) operation();
  return Number(process.hrtime.bigint() - start) / operations;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => String(row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column] ?? 0)).join('  ')).join('\n');
}
