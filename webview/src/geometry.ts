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

/**
 * The first view of a graph whose step grid is `grid` (world box) in a `width` × `height` viewport:
 * the grid whole if it reads at that size (scale ≥ 0.45), else its end (where the loss is) at a
 * readable zoom, with `room` on the right for the nodes after the grid. The wider the viewport, the
 * more steps it shows.
 */
export function initialGridView(grid: { x: number; y: number; w: number; h: number }, width: number, height: number): ViewTransform {
  const box = { x: grid.x - 20, y: grid.y - 20, w: grid.w + 40, h: grid.h + 40 };
  const fit = fitBox(box, width, height, 12);
  if (fit.scale >= 0.45) return fit;
  const scale = Math.max(0.1, Math.min(0.9, (height - 24) / box.h));
  const room = Math.min(240, width * 0.25);
  return { scale, tx: width - room - (box.x + box.w) * scale, ty: (height - box.h * scale) / 2 - box.y * scale };
}

/**
 * The least pan (scale kept) that brings a world box inside the viewport with `pad` pixels around it;
 * where it cannot fit, its left (top) edge wins. The view unchanged when the box is already in view.
 */
export function panIntoView(v: ViewTransform, box: { x: number; y: number; w: number; h: number }, width: number, height: number, pad = 24): ViewTransform {
  const shift = (lo: number, hi: number, size: number): number => {
    if (hi - lo > size - 2 * pad) return pad - lo;
    if (lo < pad) return pad - lo;
    if (hi > size - pad) return size - pad - hi;
    return 0;
  };
  const x0 = box.x * v.scale + v.tx;
  const y0 = box.y * v.scale + v.ty;
  const dx = shift(x0, x0 + box.w * v.scale, width);
  const dy = shift(y0, y0 + box.h * v.scale, height);
  return dx || dy ? { ...v, tx: v.tx + dx, ty: v.ty + dy } : v;
}
