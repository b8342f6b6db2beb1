// Pixels of a heatmap: one pixel per (column, row), log colour of |value|. Pure.
import { position, rampRgb, type LogDomain } from './colorScale';

/** RGBA bytes for `columns` × `rows` values, where `valueAt(col, row)` gives each (row 0 at the top). */
export function heatmapPixels(columns: number, rows: number, valueAt: (col: number, row: number) => number | undefined, d: LogDomain): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(new ArrayBuffer(columns * rows * 4));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const v = valueAt(c, r);
      const o = (r * columns + c) * 4;
      if (v === undefined) continue; // transparent
      if (!Number.isFinite(v)) {
        px.set([229, 20, 0, 255], o);
        continue;
      }
      const p = position(Math.abs(v), d);
      if (p === null) {
        px.set([128, 128, 128, 255], o);
        continue;
      }
      const [R, G, B] = rampRgb(p);
      px.set([R, G, B, 255], o);
    }
  }
  return px;
}

/** A tensor's shape as a 2-D grid: [rows, columns] (1-D → one row; more dims → first × rest). */
export function grid2d(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [1, shape[0]];
  return [shape[0], shape.slice(1).reduce((a, b) => a * b, 1)];
}
