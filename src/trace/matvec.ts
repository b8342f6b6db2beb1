// Dense float64 products for the spectral norms of recurrent Jacobians (row-major n×n matrices).

/** out = A·x for a row-major n×n A: two rows at a time, two partial sums each (four chains). */
export function times(a: Float64Array, n: number, x: Float64Array, out: Float64Array): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    let s0 = 0;
    let s1 = 0;
    let t0 = 0;
    let t1 = 0;
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const x0 = x[j];
      const x1 = x[j + 1];
      s0 += a[r0 + j] * x0;
      s1 += a[r0 + j + 1] * x1;
      t0 += a[r1 + j] * x0;
      t1 += a[r1 + j + 1] * x1;
    }
    if (j < n) {
      s0 += a[r0 + j] * x[j];
      t0 += a[r1 + j] * x[j];
    }
    out[i] = s0 + s1;
    out[i + 1] = t0 + t1;
  }
  if (i < n) {
    const r = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += a[r + j] * x[j];
    out[i] = s;
  }
}

/** out = Aᵀ·x for a row-major n×n A. */
export function transposeTimes(a: Float64Array, n: number, x: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] += a[row + j] * xi;
  }
}

/** W·Wᵀ of the first H×H block of W (the rows of W_hh, i.e. the hidden units). */
export function gramOfRows(w: Float64Array, H: number): Float64Array {
  const g = new Float64Array(H * H);
  for (let i = 0; i < H; i++) {
    for (let j = i; j < H; j++) {
      let s = 0;
      for (let k = 0; k < H; k++) s += w[i * H + k] * w[j * H + k];
      g[i * H + j] = s;
      g[j * H + i] = s;
    }
  }
  return g;
}
