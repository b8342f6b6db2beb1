// Which Python runs the pytorch backend: the machine-scoped `bptt-lens.pythonPath` setting, else the
// interpreter selected in the Python extension (through its public API, if it is installed), else
// `python3` (or `python` on Windows) from PATH.
import * as vscode from 'vscode';

/** The interpreter and where it came from (said in the output channel, so a wrong pick is visible). */
export interface Interpreter {
  path: string;
  source: 'setting' | 'pythonExtension' | 'path';
}

/** The part of ms-python.python's exported API used here (`environments`, 2023 and later). */
interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
  resolveEnvironment(env: { path: string }): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
}

function environmentsApi(exports: unknown): PythonEnvironmentsApi | null {
  const env = (exports as { environments?: unknown } | undefined)?.environments as Partial<PythonEnvironmentsApi> | undefined;
  return env && typeof env.getActiveEnvironmentPath === 'function' && typeof env.resolveEnvironment === 'function' ? (env as PythonEnvironmentsApi) : null;
}

/** The Python extension's interpreter for `resource`, or null (not installed, no selection, API changed). */
async function fromPythonExtension(resource: vscode.Uri | undefined): Promise<string | null> {
  const ext = vscode.extensions.getExtension('ms-python.python');
  if (!ext) return null;
  try {
    const api = environmentsApi(ext.isActive ? ext.exports : await ext.activate());
    const active = api?.getActiveEnvironmentPath(resource);
    if (!api || !active?.path) return null;
    const resolved = await api.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch {
    return null;
  }
}

/** The interpreter for a run of `resource`. */
export async function resolveInterpreter(setting: string, resource: vscode.Uri | undefined): Promise<Interpreter> {
  if (setting) return { path: setting, source: 'setting' };
  const fromExt = await fromPythonExtension(resource);
  if (fromExt) return { path: fromExt, source: 'pythonExtension' };
  return { path: process.platform === 'win32' ? 'python' : 'python3', source: 'path' };
}
