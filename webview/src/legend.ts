// The legend of the log colour scale: a ramp with decade labels, and the zero and NaN swatches.
import { legendTicks, rampRgb, type LogDomain } from './colorScale';
import type { Translate } from './i18n';

/** The legend of the log colour scale: a ramp with decade labels, and the zero and NaN swatches. */
export function legend(domain: LogDomain, t: Translate): HTMLElement {
  const box = document.createElement('div');
  box.className = 'legend';
  const title = document.createElement('span');
  title.textContent = t('legendTitle');
  const ramp = document.createElement('div');
  ramp.className = 'ramp';
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 10;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    for (let x = 0; x < 160; x++) {
      const [r, g, b] = rampRgb(x / 159);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(x, 0, 1, 10);
    }
  }
  const ticks = document.createElement('div');
  ticks.className = 'ticks';
  const ts = legendTicks(domain, 4);
  for (const e of ts) {
    const s = document.createElement('span');
    s.textContent = `1e${e}`;
    ticks.append(s);
  }
  ramp.append(canvas, ticks);
  const swatch = (cls: string, label: string): HTMLElement => {
    const s = document.createElement('span');
    s.className = 'swatch-item';
    const sw = document.createElement('span');
    sw.className = `swatch ${cls}`;
    s.append(sw, label);
    return s;
  };
  box.append(title, ramp, swatch('zero', t('legendZero')), swatch('nonfinite', t('legendNonfinite')));
  return box;
}
