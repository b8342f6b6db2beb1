// Spectral norms by power iteration on small dense matrices (row-major Float64Array).

/** σ_max of an r×c matrix by power iteration on AᵀA. e.g. `spectralNorm(w, 32, 32)` */
export function spectralNorm(a: Float64Array, r: number, c: number, iterations = 60, start?: Float64Array): number {
  if (r === 0 || c === 0) return 0;
  let v: Float64Array = start && start.length === c ? start.slice() : new Float64Array(c).map((_, i) => 1 + ((i * 7919) % 13) / 13);
  const av = new Float64Array(r);
  let sigma = 0;
  for (let it = 0; it < iterations; it++) {
    let vn = 0;
    for (let j = 0; j < c; j++) vn += v[j] * v[j];
    vn = Math.sqrt(vn);
    if (vn === 0 || !Number.isFinite(vn)) return vn === 0 ? 0 : NaN;
    for (let j = 0; j < c; j++) v[j] /= vn;
    for (let i = 0; i < r; i++) {
      let s = 0;
      const row = i * c;
      for (let j = 0; j < c; j++) s += a[row + j] * v[j];
      av[i] = s;
    }
    const next = new Float64Array(c);
    for (let i = 0; i < r; i++) {
      const x = av[i];
      const row = i * c;
      for (let j = 0; j < c; j++) next[j] += a[row + j] * x;
    }
    let an = 0;
    for (let i = 0; i < r; i++) an += av[i] * av[i];
    const s = Math.sqrt(an);
    if (Math.abs(s - sigma) <= 1e-10 * Math.max(s, 1e-300)) return s;
    sigma = s;
    v = next;
  }
  return sigma;
}
