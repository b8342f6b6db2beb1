// A dense float64 matrix loaded once for many products y = A·x, y = Aᵀ·x, y = Aᵀ·A·x (the Lanczos
// products of the trace's spectral norms), by a small WebAssembly SIMD kernel (denseMatrix.wat;
// several times the speed of the plain loops), or by the loops of matvec.ts where WebAssembly SIMD
// is not available. Sums are taken in another order than the loops take them: results agree to
// rounding.
import { times, transposeTimes } from './matvec';

/** denseMatrix.wat, assembled (wabt: `wat2wasm --enable-simd denseMatrix.wat`), base64. */
const WASM =
  'AGFzbQEAAAABCAFgBH9/f38AAwMCAAAFAwEAAQcaAwNtZW0CAAZtYXR2ZWMAAAdtYXR2ZWNUAAEKkwQCxgICBX8GeyADQQN0IQgCQANAIAQgA08NASAAIAQgCGxqIQYgBiAIaiEH/QwAAAAAAAAAAAAAAAAAAAAAIQn9DAAAAAAAAAAAAAAAAAAAAAAhCv0MAAAAAAAAAAAAAAAAAAAAACEL/QwAAAAAAAAAAAAAAAAAAAAAIQxBACEFAkADQCAFIAhPDQEgASAFav0ABAAhDSABIAVq/QAEECEOIAkgBiAFav0ABAAgDf3yAf3wASEJIAogBiAFav0ABBAgDv3yAf3wASEKIAsgByAFav0ABAAgDf3yAf3wASELIAwgByAFav0ABBAgDv3yAf3wASEMIAVBIGohBQwACwsgCSAK/fABIQkgCyAM/fABIQsgAiAEQQN0aiAJ/SEAIAn9IQGgOQMAIAIgBEEDdGogC/0hACAL/SEBoDkDCCAEQQJqIQQMAAsLC8gBAgV/AXsgA0EDdCEHAkADQCAFIAdPDQEgAiAFav0MAAAAAAAAAAAAAAAAAAAAAP0LBAAgBUEQaiEFDAALCwJAA0AgBCADTw0BIAEgBEEDdGorAwD9FCEJIAAgBCAHbGohBkEAIQUCQANAIAUgB08NASACIAVqIQggCCAI/QAEACAJIAYgBWr9AAQA/fIB/fAB/QsEACAIIAj9AAQQIAkgBiAFav0ABBD98gH98AH9CwQQIAVBIGohBQwACwsgBEEBaiEEDAALCws=';

interface Kernel {
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
  matvec(a: number, x: number, y: number, np: number): void;
  matvecT(a: number, x: number, y: number, np: number): void;
}

/** The part of the WebAssembly API used here (the project's lib settings do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;

function kernel(): Kernel | null {
  if (compiled === undefined) {
    try {
      const bytes = Uint8Array.from(atob(WASM), (c) => c.charCodeAt(0));
      compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled === null ? null : (new wasm!.Instance(compiled, {}).exports as Kernel);
}

/** An n×n matrix (n ≤ the capacity it was made with) ready for repeated products. */
export class DenseMatrix {
  private n = 0;
  private np = 0;
  private readonly k: Kernel | null;
  private heap = new Float64Array(0);
  private plain: Float64Array | null = null;
  private tmp: Float64Array | null = null;

  /** `simd` false: the plain loops even where the WebAssembly kernel runs (tests compare the two). */
  constructor(
    readonly capacity: number,
    simd = true,
  ) {
    this.k = simd ? kernel() : null;
    if (this.k !== null) {
      const np = (capacity + 3) & ~3;
      const bytes = (np * np + 3 * np) * 8;
      const have = this.k.mem.buffer.byteLength;
      if (bytes > have) this.k.mem.grow(Math.ceil((bytes - have) / 65536));
      this.heap = new Float64Array(this.k.mem.buffer);
    } else {
      this.plain = new Float64Array(capacity * capacity);
      this.tmp = new Float64Array(capacity);
    }
  }

  /** Loads row-major `a` (N×N): all of it, or only the rows and columns in `index` (then n = index.length). */
  load(a: Float64Array, N: number, index?: ArrayLike<number>): void {
    const n = index ? index.length : N;
    if (n > this.capacity) throw new Error(`internal: a ${n}×${n} matrix in a DenseMatrix of capacity ${this.capacity}`);
    const at = (r: number, c: number): number => (index ? a[index[r] * N + index[c]] : a[r * N + c]);
    this.n = n;
    if (this.plain !== null) {
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) this.plain[r * n + c] = at(r, c);
      return;
    }
    const np = (this.np = (n + 3) & ~3);
    const h = this.heap;
    h.fill(0, 0, np * np + 3 * np); // padding rows, columns and vector tails stay zero
    for (let r = 0; r < n; r++) {
      const o = r * np;
      if (index) for (let c = 0; c < n; c++) h[o + c] = a[index[r] * N + index[c]];
      else h.set(a.subarray(r * N, r * N + n), o);
    }
  }

  /** out = A·x. */
  times(x: Float64Array, out: Float64Array): void {
    this.run(x, out, false, true);
  }

  /** out = Aᵀ·x. */
  timesTransposed(x: Float64Array, out: Float64Array): void {
    this.run(x, out, true, false);
  }

  /** out = Aᵀ·(A·x). */
  gram(x: Float64Array, out: Float64Array): void {
    this.run(x, out, true, true);
  }

  private run(x: Float64Array, out: Float64Array, transposed: boolean, plainFirst: boolean): void {
    const n = this.n;
    if (this.plain !== null) {
      const a = this.plain.subarray(0, n * n);
      if (plainFirst && transposed) {
        const t = this.tmp!.subarray(0, n);
        times(a, n, x, t);
        transposeTimes(a, n, t, out);
      } else if (transposed) transposeTimes(a, n, x, out);
      else times(a, n, x, out);
      return;
    }
    const k = this.k!;
    const np = this.np;
    const h = this.heap;
    const xo = np * np;
    const yo = xo + np;
    const to = yo + np;
    for (let i = 0; i < n; i++) h[xo + i] = x[i];
    if (plainFirst && transposed) {
      k.matvec(0, xo * 8, to * 8, np);
      k.matvecT(0, to * 8, yo * 8, np);
    } else if (transposed) k.matvecT(0, xo * 8, yo * 8, np);
    else k.matvec(0, xo * 8, yo * 8, np);
    for (let i = 0; i < n; i++) out[i] = h[yo + i];
  }
}
