// The extension's settings (`bptt-lens.*`), read through a getter so this file needs no vscode,
// and turned into the runner's options.
import type { DiagnosticOptions } from '../trace/diagnostics';

/** Every setting, validated, defaults filled in. */
export interface HostSettings {
  timeoutSeconds: number;
  memoryLimitMb: number;
  maxRecordedTensorSize: number;
  autoRunOnSave: boolean;
  thresholds: DiagnosticOptions;
  inlineValuesEnabled: boolean;
  codeLensEnabled: boolean;
  maxRuns: number;
  /** Where .py scripts run: the embedded engine (Pyodide) or the user's own PyTorch. */
  backend: 'embedded' | 'pytorch';
  /** The Python interpreter of the pytorch backend (machine-scoped); '' = the Python extension's, else `python3`. */
  pythonPath: string;
  /** pytorch backend: keep PyTorch's fused recurrent kernels (no per-step data). */
  fused: boolean;
}

/** The defaults, as package.json declares them. */
export const DEFAULT_SETTINGS: HostSettings = {
  timeoutSeconds: 60,
  memoryLimitMb: 2048,
  maxRecordedTensorSize: 4096,
  autoRunOnSave: false,
  thresholds: { ratio: 1e3, horizonFraction: 1e-3, gradNormLimit: 1e3, saturationLimit: 0.5 },
  inlineValuesEnabled: true,
  codeLensEnabled: true,
  maxRuns: 10,
  backend: 'embedded',
  pythonPath: '',
  fused: false,
};

/** Reads one setting under `bptt-lens.` (e.g. `'thresholds.ratio'`); undefined when unset. */
export type SettingGetter = (key: string) => unknown;

function num(get: SettingGetter, key: string, fallback: number, min: number, max: number): number {
  const v = get(key);
  if (typeof v !== 'number' || !Number.isFinite(v)) return fallback;
  return Math.min(max, Math.max(min, v));
}

function bool(get: SettingGetter, key: string, fallback: boolean): boolean {
  const v = get(key);
  return typeof v === 'boolean' ? v : fallback;
}

/** The settings from a getter (e.g. `k => vscode.workspace.getConfiguration('bptt-lens').get(k)`). */
export function readSettings(get: SettingGetter): HostSettings {
  const d = DEFAULT_SETTINGS;
  return {
    timeoutSeconds: num(get, 'timeoutSeconds', d.timeoutSeconds, 1, 24 * 3600),
    memoryLimitMb: num(get, 'memoryLimitMb', d.memoryLimitMb, 16, 65536),
    maxRecordedTensorSize: Math.round(num(get, 'maxRecordedTensorSize', d.maxRecordedTensorSize, 0, 1e7)),
    autoRunOnSave: bool(get, 'autoRunOnSave', d.autoRunOnSave),
    thresholds: {
      ratio: num(get, 'thresholds.ratio', d.thresholds.ratio, 1, 1e300),
      horizonFraction: num(get, 'thresholds.horizonFraction', d.thresholds.horizonFraction, 1e-300, 1),
      gradNormLimit: num(get, 'thresholds.gradNormLimit', d.thresholds.gradNormLimit, 0, 1e300),
      saturationLimit: num(get, 'thresholds.saturationLimit', d.thresholds.saturationLimit, 0, 1),
    },
    inlineValuesEnabled: bool(get, 'inlineValues.enabled', d.inlineValuesEnabled),
    codeLensEnabled: bool(get, 'codeLens.enabled', d.codeLensEnabled),
    maxRuns: Math.round(num(get, 'runs.maxKept', d.maxRuns, 1, 100)),
    backend: get('backend') === 'pytorch' ? 'pytorch' : 'embedded',
    pythonPath: typeof get('pythonPath') === 'string' ? (get('pythonPath') as string).trim() : d.pythonPath,
    fused: bool(get, 'pytorch.fused', d.fused),
  };
}

/** What runScript takes from the settings (the signal and output callback are added by the caller). */
export interface SettingsRunOptions {
  trace: boolean;
  timeoutMs: number;
  tensorMb: number;
  maxValueElements: number;
  diagnostics: DiagnosticOptions;
}

/** The runner's options for a run, traced or not. */
export function runOptionsFrom(s: HostSettings, trace: boolean): SettingsRunOptions {
  return {
    trace,
    timeoutMs: Math.round(s.timeoutSeconds * 1000),
    tensorMb: s.memoryLimitMb,
    maxValueElements: s.maxRecordedTensorSize,
    diagnostics: { ...s.thresholds },
  };
}
