// Two functions timed in alternating rounds in one process, so that a busy machine (other jobs on
// the same cores, GC, CPU frequency) slows both alike and their ratio stays meaningful; the order
// within a round alternates too. Report the median of the per-round ratios.

/** Per-round milliseconds per call of each function, and their per-round ratios a / b. */
export interface PairedRounds {
  aMs: number[];
  bMs: number[];
  ratios: number[];
}

function timeCalls(fn: () => unknown, calls: number): number {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) fn();
  return (performance.now() - t0) / calls;
}

/** How many calls of `fn` take about `ms` (at least 1). */
function callsFor(fn: () => unknown, ms: number): number {
  let calls = 1;
  for (;;) {
    const t = timeCalls(fn, calls) * calls;
    if (t >= ms / 4 || calls >= 1 << 20) return Math.max(1, Math.round((calls * ms) / Math.max(t, 1e-3)));
    calls *= 2;
  }
}

/** Times `a` and `b` in `rounds` alternating rounds of about `msPerRound` each, after `warmMs` of warm-up. */
export function interleave(a: () => unknown, b: () => unknown, rounds = 31, msPerRound = 40, warmMs = 500): PairedRounds {
  const warmEnd = performance.now() + warmMs;
  while (performance.now() < warmEnd) {
    a();
    b();
  }
  const na = callsFor(a, msPerRound);
  const nb = callsFor(b, msPerRound);
  const out: PairedRounds = { aMs: [], bMs: [], ratios: [] };
  for (let r = 0; r < rounds; r++) {
    let ta: number;
    let tb: number;
    if (r % 2 === 0) {
      ta = timeCalls(a, na);
      tb = timeCalls(b, nb);
    } else {
      tb = timeCalls(b, nb);
      ta = timeCalls(a, na);
    }
    out.aMs.push(ta);
    out.bMs.push(tb);
    out.ratios.push(ta / tb);
  }
  return out;
}

/** The q-quantile (0..1) of `xs`, nearest rank. e.g. `quantile(xs, 0.5)` is the median */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}
