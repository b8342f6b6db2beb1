// Recent runs: each trace saved as JSON under the extension's storage folder, the list kept in
// workspace state (newest first, at most `max`). Opened trace files join the list without being
// copied. No vscode here: the state is any get/update store, the files are plain fs.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Trace } from '../protocol/trace';
import { parseTraceText, runId, type ParsedTrace } from './traceFile';
import type { RunEntry } from './treeModel';

/** A Memento-like store. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const KEY = 'bptt-lens.runs';

function isEntry(v: unknown): v is RunEntry {
  const o = v as Record<string, unknown>;
  return typeof o === 'object' && o !== null && ['id', 'script', 'tracePath', 'startedAt', 'verdict'].every((k) => typeof o[k] === 'string');
}

/** The list of recent runs and their stored traces. */
export class RunStore {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly state: StateStore,
    private readonly dir: string,
    private readonly max: () => number,
  ) {}

  /** Calls `fn` whenever the list changes; returns an unsubscribe. */
  onDidChange(fn: () => void): { dispose(): void } {
    this.listeners.add(fn);
    return { dispose: () => this.listeners.delete(fn) };
  }

  /** The runs, newest first. */
  list(): RunEntry[] {
    const v = this.state.get<unknown>(KEY);
    return Array.isArray(v) ? v.filter(isEntry) : [];
  }

  get(id: string): RunEntry | undefined {
    return this.list().find((r) => r.id === id);
  }

  private async save(list: RunEntry[]): Promise<void> {
    const keep = list.slice(0, this.max());
    for (const gone of list.slice(this.max())) await this.dropFile(gone);
    await this.state.update(KEY, keep);
    this.listeners.forEach((fn) => fn());
  }

  private async dropFile(r: RunEntry): Promise<void> {
    if (!r.external) await rm(r.tracePath, { force: true });
  }

  /** Stores a trace that a run produced; returns its entry. */
  async add(trace: Trace, verdict: string): Promise<RunEntry> {
    await mkdir(this.dir, { recursive: true });
    const id = runId(trace);
    const tracePath = join(this.dir, `${id}.json`);
    await writeFile(tracePath, JSON.stringify(trace));
    const entry: RunEntry = { id, script: trace.script.path, tracePath, startedAt: trace.script.startedAt, verdict };
    await this.save([entry, ...this.list().filter((r) => r.id !== id)]);
    return entry;
  }

  /** Remembers a trace file the user opened (it stays where it is). */
  async addExternal(tracePath: string, trace: Trace, verdict: string): Promise<RunEntry> {
    const id = `file-${runId(trace)}`;
    const entry: RunEntry = { id, script: trace.script.path, tracePath, startedAt: trace.script.startedAt, verdict, external: true };
    await this.save([entry, ...this.list().filter((r) => r.id !== id)]);
    return entry;
  }

  /** Reads a run's trace back. */
  async load(id: string): Promise<ParsedTrace> {
    const r = this.get(id);
    if (!r) return { ok: false, error: `unknown run ${id}` };
    return loadTraceFile(r.tracePath);
  }

  /** Forgets a run (and deletes its stored trace). */
  async remove(id: string): Promise<void> {
    const r = this.get(id);
    if (r) await this.dropFile(r);
    await this.save(this.list().filter((x) => x.id !== id));
  }

  /** Forgets every run. */
  async clear(): Promise<void> {
    for (const r of this.list()) await this.dropFile(r);
    await this.state.update(KEY, []);
    this.listeners.forEach((fn) => fn());
  }
}

/** Reads and checks a trace file. */
export async function loadTraceFile(path: string): Promise<ParsedTrace> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  return parseTraceText(text);
}
