// The extension's static parts: the contribution in package.json against the code, the
// translations, the CodeLens scan, the templates, the Runs store, and a cheap, lazy activation.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findModelClasses } from '../../../src/host/codeLensScan';
import { RunStore } from '../../../src/host/runStore';
import { exampleOrder, exampleSummary, templates } from '../../../src/host/templates';
import { example, fixture, ROOT, traceOf } from './traces';

interface Contributes {
  commands: { command: string; title: string; category: string; icon?: unknown }[];
  menus: Record<string, { command: string; when?: string }[]>;
  views: Record<string, { id: string; name: string }[]>;
  viewsWelcome: { view: string; contents: string }[];
  configuration: { properties: Record<string, { description: string }> };
}
interface Pkg {
  main: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string | boolean; description: string } };
  contributes: Contributes;
  l10n: string;
  scripts: Record<string, string>;
}

const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');
const pkg = JSON.parse(read('package.json')) as Pkg;
const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;
const nlsZh = JSON.parse(read('package.nls.zh-tw.json')) as Record<string, string>;
const hostSources = readdirSync(join(ROOT, 'src/host'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => read(`src/host/${f}`))
  .join('\n');

describe('host: package.json contribution', () => {
  it('contributes every registered command, each titled and in category "BPTT Lens"', () => {
    const registered = [...hostSources.matchAll(/reg\('(bptt-lens\.[\w]+)'/g)].map((m) => m[1]).sort();
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, registered);
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'BPTT Lens');
      assert.match(c.title, /^%command\.\w+%$/);
    }
    for (const [menu, items] of Object.entries(pkg.contributes.menus)) for (const i of items) assert.ok(contributed.includes(i.command), `${menu}: ${i.command}`);
  });

  it('has the run button, the context menus and a welcome view with Run and Open example', () => {
    const m = pkg.contributes.menus;
    assert.ok(m['editor/title'].some((i) => i.command === 'bptt-lens.runTrace'));
    assert.ok(m['editor/context'].some((i) => i.command === 'bptt-lens.runTrace'));
    assert.deepEqual(
      pkg.contributes.views['bptt-lens'].map((v) => v.id),
      ['bptt-lens.model', 'bptt-lens.steps', 'bptt-lens.runs'],
    );
    const welcome = nls[pkg.contributes.viewsWelcome[0].contents.slice(1, -1)];
    assert.match(welcome, /\(command:bptt-lens\.runTrace\)/);
    assert.match(welcome, /\(command:bptt-lens\.openExample\)/);
  });

  it('activates lazily and declares limited support in Restricted Mode', () => {
    assert.equal(pkg.main, './dist/extension.js');
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(!pkg.activationEvents.includes('onStartupFinished'));
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:bptt-lens.trace'), 'the serializer needs it');
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(nls[pkg.capabilities.untrustedWorkspaces.description.slice(1, -1)]);
    assert.ok(pkg.scripts['test:integration']);
    assert.ok(!pkg.scripts.test.includes('test:integration'));
  });

  it('translates every contributed string into Traditional Chinese', () => {
    const keys = [...JSON.stringify(pkg).matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 40);
    for (const k of keys) {
      assert.ok(nls[k], `package.nls.json lacks ${k}`);
      assert.ok(nlsZh[k], `package.nls.zh-tw.json lacks ${k}`);
    }
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort());
  });

  it('translates every runtime string (l10n.t) into Traditional Chinese, keeping the placeholders', () => {
    const bundle = JSON.parse(read('l10n/bundle.l10n.zh-tw.json')) as Record<string, string>;
    const strings = [...hostSources.matchAll(/l10n\.t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2].replace(/\\(['"\\])/g, '$1'));
    assert.ok(strings.length > 100);
    for (const s of strings) {
      assert.ok(bundle[s], `l10n/bundle.l10n.zh-tw.json lacks: ${s}`);
      const ph = (x: string): string[] => (x.match(/\{\d+\}/g) ?? []).sort();
      assert.deepEqual(ph(bundle[s]), ph(s), s);
    }
    assert.equal(pkg.l10n, './l10n');
  });

  it('ships its icons as small SVGs', () => {
    for (const f of ['bptt-lens.svg', 'run-light.svg', 'run-dark.svg', 'trace-light.svg', 'trace-dark.svg']) {
      const svg = read(`media/${f}`);
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.ok(svg.length < 2000 && !/<script|href=/.test(svg), f);
    }
  });
});

describe('host/codeLensScan', () => {
  it('finds classes extending nn.Module in JS/TS, and nn.Module subclasses in Python', () => {
    const ts = ['import { nn } from "bptt-lens";', 'class A extends nn.Module {', '  x = 1;', '}', 'export class B<T> extends torch.nn.Module {}', 'class C extends Other {}', 'export default class D extends Module {}'].join('\n');
    assert.deepEqual(findModelClasses(ts, 'typescript'), [
      { name: 'A', line: 1, column: 6 },
      { name: 'B', line: 4, column: 13 },
      { name: 'D', line: 6, column: 21 },
    ]);
    const py = 'import torch.nn as nn\nclass Net(nn.Module):\n    pass\nclass Other(object):\n    pass\nclass Deep(torch.nn.Module) :\n';
    assert.deepEqual(
      findModelClasses(py, 'python').map((c) => [c.name, c.line]),
      [
        ['Net', 1],
        ['Deep', 5],
      ],
    );
  });

  it('finds the model class of every example', () => {
    for (const f of ['vanishingDemo', 'manyToOne', 'oneToMany', 'manyToManySync', 'manyToManyAsync']) {
      assert.equal(findModelClasses(readFileSync(example(f), 'utf8'), 'typescript').length, 1, f);
    }
  });
});

describe('host/templates', () => {
  it('offers the four I/O patterns, each an example that exists', () => {
    const ts = templates();
    assert.deepEqual(
      ts.map((t) => t.id),
      ['oneToMany', 'manyToOne', 'manyToManySync', 'manyToManyAsync'],
    );
    for (const t of ts) assert.ok(existsSync(join(ROOT, 'examples', t.file)), t.file);
  });

  it('lists examples with the demos first and describes each by its header comment', () => {
    const order = exampleOrder(['b.ts', 'vanishingDemo.ts', 'a.ts', 'notes.md']);
    assert.deepEqual(order, ['vanishingDemo.ts', 'a.ts', 'b.ts']);
    assert.match(exampleSummary(readFileSync(example('manyToOne'), 'utf8')), /^Many-to-one \(多對一\)/);
  });
});

describe('host/runStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bptt-runs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const memento = (): { get<T>(k: string): T | undefined; update(k: string, v: unknown): Promise<void> } => {
    const m = new Map<string, unknown>();
    return { get: <T>(k: string) => m.get(k) as T | undefined, update: async (k, v) => void m.set(k, v) };
  };

  it('keeps the newest runs, deletes the stored traces it drops, reloads them', async () => {
    const store = new RunStore(memento(), join(dir, 'runs'), () => 2);
    let changes = 0;
    store.onDidChange(() => changes++);
    const base = await traceOf(example('vanishingDemo'));
    const at = (i: number): typeof base => ({ ...base, script: { ...base.script, startedAt: `2026-01-0${i}T00:00:00.000Z` } });
    const e1 = await store.add(at(1), 'v1');
    const e2 = await store.add(at(2), 'v2');
    const e3 = await store.add(at(3), 'v3');
    assert.deepEqual(
      store.list().map((r) => r.verdict),
      ['v3', 'v2'],
    );
    assert.ok(!existsSync(e1.tracePath));
    assert.ok(existsSync(e2.tracePath) && existsSync(e3.tracePath));
    const back = await store.load(e2.id);
    assert.ok(back.ok);
    assert.equal(back.trace.script.startedAt, '2026-01-02T00:00:00.000Z');
    await store.remove(e3.id);
    assert.ok(!existsSync(e3.tracePath));
    assert.equal(changes, 4);
  });

  it('remembers opened trace files without copying or deleting them', async () => {
    const store = new RunStore(memento(), join(dir, 'runs2'), () => 1);
    const t = await traceOf(fixture('nanGrad.ts'));
    const file = join(dir, 'mine.json');
    writeFileSync(file, JSON.stringify(t));
    const e = await store.addExternal(file, t, 'nan');
    assert.equal(e.tracePath, file);
    await store.add(await traceOf(example('vanishingDemo')), 'v');
    assert.equal(store.list().length, 1);
    assert.ok(existsSync(file), 'an opened file is never deleted');
    await store.clear();
    assert.deepEqual(store.list(), []);
  });
});

describe('host: the extension bundle', () => {
  it('loads without touching the vscode API or loading the runner and esbuild', function () {
    const bundle = join(ROOT, 'dist/extension.js');
    if (!existsSync(bundle)) this.skip();
    const touched: string[] = [];
    const fake = new Proxy({}, { get: (_t, k) => (k === '__esModule' ? undefined : void touched.push(String(k))) });
    const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
    const load = M._load;
    const required: string[] = [];
    M._load = (req: string, ...rest: unknown[]) => {
      required.push(req);
      return req === 'vscode' ? fake : load(req, ...rest);
    };
    try {
      delete require.cache[bundle];
      // its time is measured (best of five) by test/e2e/activation.mjs, reported by npm run test:e2e
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ext = require(bundle) as { activate: unknown; deactivate: unknown };
      assert.equal(typeof ext.activate, 'function');
      assert.equal(typeof ext.deactivate, 'function');
      assert.deepEqual(touched, []);
      assert.ok(!required.includes('esbuild'), required.join(', '));
      assert.ok(!required.some((r) => r.includes('runtimeWorker') || r.includes('engine')));
    } finally {
      M._load = load;
      delete require.cache[bundle];
    }
  });
});

describe('host: activate() against a stand-in vscode', () => {
  it('registers every contributed command and puts every disposable into context.subscriptions', async function () {
    const bundle = join(ROOT, 'dist/extension.js');
    if (!existsSync(bundle)) this.skip();
    // every API not named here is an inert proxy: callable, constructible, any property
    const inert = (): unknown =>
      new Proxy(function () {}, {
        get: (_t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => '' : inert()),
        apply: () => inert(),
        construct: () => inert() as object,
      });
    const registered = new Map<string, (...a: unknown[]) => unknown>();
    const contexts = new Map<string, unknown>();
    const overrides: Record<string, unknown> = {
      l10n: { bundle: undefined },
      commands: {
        registerCommand: (id: string, fn: (...a: unknown[]) => unknown) => {
          assert.ok(!registered.has(id), `registered twice: ${id}`);
          registered.set(id, fn);
          return { dispose: () => registered.delete(id) };
        },
        executeCommand: async (id: string, key: string, value: unknown) => void (id === 'setContext' && contexts.set(key, value)),
      },
      workspace: new Proxy(
        { isTrusted: true, getConfiguration: () => ({ get: () => undefined }) },
        { get: (t, k) => (k in t ? t[k as keyof typeof t] : inert()) },
      ),
    };
    // the bundle copies the module's own keys (esbuild's __toESM), so name every API the host uses
    const used = [...new Set([...readFileSync(bundle, 'utf8').matchAll(/\bvscode\d*\.([A-Za-z]+)/g)].map((m) => m[1]))];
    for (const k of used) if (!(k in overrides)) overrides[k] = inert();
    const fake = new Proxy(overrides, { get: (t, k) => (k === '__esModule' ? undefined : k in t ? t[k as string] : inert()) });
    const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
    const load = M._load;
    M._load = (req: string, ...rest: unknown[]) => (req === 'vscode' ? fake : load(req, ...rest));
    try {
      delete require.cache[bundle];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ext = require(bundle) as { activate(c: unknown): void; deactivate(): void };
      const subscriptions: { dispose(): unknown }[] = [];
      const memento = { get: () => undefined, update: async () => undefined, keys: () => [] };
      const uri = { fsPath: join(tmpdir(), 'bptt-lens-activate'), scheme: 'file', path: join(tmpdir(), 'bptt-lens-activate') };
      ext.activate({ subscriptions, workspaceState: memento, globalState: memento, extensionUri: uri, storageUri: undefined, globalStorageUri: uri });
      const contributed = pkg.contributes.commands.map((c) => c.command).sort();
      assert.deepEqual([...registered.keys()].sort(), contributed);
      assert.ok(subscriptions.length > contributed.length, `${subscriptions.length} subscriptions`);
      await new Promise((r) => setImmediate(r));
      assert.equal(contexts.get('bptt-lens.hasRuns'), false);
      // the hover link with a node id that is not in any trace does nothing (and does not throw)
      registered.get('bptt-lens.showInGraph')!('n1');
      ext.deactivate();
      for (const s of subscriptions) s.dispose();
      assert.equal(registered.size, 0, 'every command disposed with the subscriptions');
    } finally {
      M._load = load;
      delete require.cache[bundle];
    }
  });
});
