// A tiny benchmark harness: runs a function for a fixed time and reports ops/s and ns/op.

/** One measured row. */
export interface BenchRow {
  name: string;
  opsPerSec: number;
  nsPerOp: number;
  iterations: number;
}

/** Runs `fn` repeatedly for about `ms` milliseconds after a warm-up. e.g. `measure('add', () => a.add(b))` */
export function measure(name: string, fn: () => unknown, ms = 400): BenchRow {
  const warmEnd = performance.now() + ms / 4;
  while (performance.now() < warmEnd) fn();
  let iterations = 0;
  let batch = 1;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < batch; i++) fn();
    iterations += batch;
    batch = Math.min(batch * 2, 1 << 14);
    now = performance.now();
  }
  const seconds = (now - start) / 1000;
  return { name, opsPerSec: iterations / seconds, nsPerOp: (seconds * 1e9) / iterations, iterations };
}

/** Prints rows as an aligned table. */
export function printTable(title: string, rows: BenchRow[]): void {
  console.log(`\n${title}`);
  const w = Math.max(...rows.map((r) => r.name.length), 10);
  console.log(`${'case'.padEnd(w)}  ${'ops/s'.padStart(12)}  ${'ns/op'.padStart(12)}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(w)}  ${r.opsPerSec.toFixed(0).padStart(12)}  ${r.nsPerOp.toFixed(0).padStart(12)}`);
  }
}
