// Exports: the graph as SVG (whole) or PNG (what is on screen, rasterised through a canvas), and
// the per-step data as CSV. Inside VS Code the host asks (ExportRequestMessage) and saves; in the
// HTML report the toolbar downloads them.
import { cssVar } from './charts';
import type { ExportColors } from './graphSvg';

/** The theme's colours, resolved, for an export that leaves the page. */
export function exportColors(): ExportColors {
  return {
    background: cssVar('--vscode-editor-background', '#ffffff'),
    foreground: cssVar('--vscode-editor-foreground', cssVar('--vscode-foreground', '#333333')),
    muted: cssVar('--vscode-descriptionForeground', '#777777'),
    border: cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#999999')),
    accent: cssVar('--vscode-focusBorder', '#007fd4'),
    error: cssVar('--vscode-errorForeground', '#e51400'),
    warning: cssVar('--vscode-editorWarning-foreground', '#bf8803'),
    fontFamily: cssVar('--vscode-font-family', 'sans-serif'),
    monoFamily: cssVar('--vscode-editor-font-family', 'monospace'),
  };
}

/** Rasterises SVG text to a PNG data URL. */
export async function svgToPng(svg: string, width: number, height: number): Promise<string> {
  const img = new Image();
  img.decoding = 'async';
  const loaded = new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the SVG could not be rasterised'));
  });
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  const k = Math.min(1, 16384 / Math.max(1, width), 16384 / Math.max(1, height));
  canvas.width = Math.max(1, Math.round(width * k));
  canvas.height = Math.max(1, Math.round(height * k));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}

/** Saves text or a data URL as a file download (the HTML report). */
export function download(name: string, data: string, mime: string): void {
  const a = document.createElement('a');
  const url = data.startsWith('data:') ? data : URL.createObjectURL(new Blob([data], { type: mime }));
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  if (!data.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(url), 1000);
}
