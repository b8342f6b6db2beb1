// Reduction loops over contiguous buffers.
import type { Storage } from '../dtype';

/**
 * Sums contiguous `x` of `shape` over the dims flagged in `reduce` into contiguous `out`
 * (whose layout is `shape` with reduced dims removed or kept as 1; the same either way).
 */
export function sumDims(x: ArrayLike<number>, shape: readonly number[], reduce: readonly boolean[], out: Storage): void {
  const nd = shape.length;
  const acc = new Float64Array(out.length);
  // output strides laid over the input's dims, 0 on reduced dims
  const os = new Array<number>(nd).fill(0);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    if (!reduce[d]) {
      os[d] = s;
      s *= shape[d];
    }
  }
  const n = x.length;
  if (out.length === 1) {
    let total = 0;
    for (let i = 0; i < n; i++) total += x[i];
    out[0] = total;
    return;
  }
  const idx = new Array<number>(nd).fill(0);
  let p = 0;
  for (let k = 0; k < n; k++) {
    acc[p] += x[k];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      p += os[d];
      if (idx[d] < shape[d]) break;
      p -= os[d] * shape[d];
      idx[d] = 0;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = acc[i];
}

/**
 * Max (or min) along the middle axis of contiguous `x` seen as [outer, n, inner], writing the
 * values and the index of the first extreme (NaN wins, as in PyTorch).
 */
export function extremeAlong(
  x: ArrayLike<number>,
  outer: number,
  n: number,
  inner: number,
  values: Storage,
  indices: Storage,
  wantMax: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = x[base];
      let bi = 0;
      for (let j = 1; j < n && best === best; j++) {
        const v = x[base + j * inner];
        if (v !== v || (wantMax ? v > best : v < best)) {
          best = v;
          bi = j;
        }
      }
      values[o * inner + i] = best;
      indices[o * inner + i] = bi;
    }
  }
}

/** Softmax (or log-softmax) along the middle axis of contiguous `x` seen as [outer, n, inner]. */
export function softmaxAlong(x: ArrayLike<number>, outer: number, n: number, inner: number, out: Storage, log: boolean): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let m = -Infinity;
      for (let j = 0; j < n; j++) m = Math.max(m, x[base + j * inner]);
      if (m === -Infinity) m = 0;
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.exp(x[base + j * inner] - m);
      if (log) {
        const ls = Math.log(s);
        for (let j = 0; j < n; j++) out[base + j * inner] = x[base + j * inner] - m - ls;
      } else {
        for (let j = 0; j < n; j++) out[base + j * inner] = Math.exp(x[base + j * inner] - m) / s;
      }
    }
  }
}
