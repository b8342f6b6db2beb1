// Where the grid's columns and rows are, and which of them a viewport shows. Column widths
// differ once a step is expanded, so positions are prefix sums and the visible window is found by
// binary search: O(log T) per frame. Pure.

/** Grid columns rendered (and dropped) together: one DOM group per 16 steps. */
export const CHUNK_COLUMNS = 16;

/** Prefix-sum positions of items with variable sizes and a fixed gap after each. */
export class Track {
  /** starts[i] is where item i begins; starts[n] is the total extent (no trailing gap). */
  readonly starts: Float64Array;

  constructor(
    readonly sizes: readonly number[],
    readonly gap: number,
  ) {
    this.starts = new Float64Array(sizes.length + 1);
    let x = 0;
    for (let i = 0; i < sizes.length; i++) {
      this.starts[i] = x;
      x += sizes[i] + gap;
    }
    this.starts[sizes.length] = sizes.length ? x - gap : 0;
  }

  get length(): number {
    return this.sizes.length;
  }

  get total(): number {
    return this.starts[this.sizes.length];
  }

  start(i: number): number {
    return this.starts[i];
  }

  size(i: number): number {
    return this.sizes[i];
  }

  /** Index of the item at or before position x (clamped to [0, n-1]); -1 when empty. */
  indexAt(x: number): number {
    const n = this.sizes.length;
    if (n === 0) return -1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Items overlapping [x0, x1], widened by `overscan` items on each side; null when none.
   * e.g. `new Track([10, 10, 10], 5).window(8, 20, 0)` → `[0, 1]`
   */
  window(x0: number, x1: number, overscan = 0): [number, number] | null {
    const n = this.sizes.length;
    if (n === 0 || x1 < 0 || x0 > this.total) return null;
    let first = this.indexAt(x0);
    if (this.starts[first] + this.sizes[first] < x0 && first < n - 1) first++;
    const last = this.indexAt(x1);
    if (last < first) return null;
    return [Math.max(0, first - overscan), Math.min(n - 1, last + overscan)];
  }
}

/** A pan/zoom transform: screen = world * scale + (tx, ty). */
export interface ViewTransform {
  tx: number;
  ty: number;
  scale: number;
}

/** The world rectangle a viewport of `width` × `height` screen pixels shows. */
export function worldRect(v: ViewTransform, width: number, height: number): { x0: number; y0: number; x1: number; y1: number } {
  return { x0: -v.tx / v.scale, y0: -v.ty / v.scale, x1: (width - v.tx) / v.scale, y1: (height - v.ty) / v.scale };
}

/** Zooms by `factor` keeping the world point under screen (sx, sy) fixed; scale clamped to [min, max]. */
export function zoomAt(v: ViewTransform, factor: number, sx: number, sy: number, min = 0.002, max = 4): ViewTransform {
  const scale = Math.min(max, Math.max(min, v.scale * factor));
  const k = scale / v.scale;
  return { scale, tx: sx - (sx - v.tx) * k, ty: sy - (sy - v.ty) * k };
}

/** The transform fitting a world box into the viewport with `pad` pixels around, no larger than `maxScale`. */
export function fitBox(box: { x: number; y: number; w: number; h: number }, width: number, height: number, pad = 24, maxScale = 1): ViewTransform {
  const scale = Math.min(maxScale, (width - 2 * pad) / Math.max(1, box.w), (height - 2 * pad) / Math.max(1, box.h));
  return { scale, tx: (width - box.w * scale) / 2 - box.x * scale, ty: (height - box.h * scale) / 2 - box.y * scale };
}
