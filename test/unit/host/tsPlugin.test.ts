// The TypeScript server plugin (src/tsPlugin, as built into node_modules/bptt-lens-ts-plugin): with the
// real TypeScript language service, a user's script importing 'bptt-lens' gets no "Cannot find module"
// and sees the engine's types (dist/types, from `npm run build`); a module the workspace provides wins.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require(join(root, 'node_modules/bptt-lens-ts-plugin')) as (m: { typescript: typeof ts }) => {
  create(info: { languageServiceHost: ts.LanguageServiceHost; languageService: ts.LanguageService }): ts.LanguageService;
};

const SCRIPT = [
  "import { nn, torch, type Tensor } from 'bptt-lens';",
  'const rnn = new nn.RNN(1, 8);',
  'const x: Tensor = torch.randn(5, 1, 1);',
  'const [out, h] = rnn.call(x);',
  'const y = out.mul(2).sum();',
  'y.backward();',
  'export const grads = rnn.parameters().map((p) => p.grad);',
  '',
].join('\n');

/** A language service over one in-memory script, resolving modules as tsserver does (through the host). */
function service(source: string, options: ts.CompilerOptions = {}): { host: ts.LanguageServiceHost; ls: ts.LanguageService; file: string } {
  const file = join(root, 'test/fixtures/scripts/__plugin_probe__.ts');
  const compilerOptions: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: [], lib: ['lib.es2022.d.ts'], ...options };
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => compilerOptions,
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => (name === file ? ts.ScriptSnapshot.fromString(source) : existsSync(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name) ?? '') : undefined),
    getCurrentDirectory: () => root,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    resolveModuleNameLiterals: (literals, containingFile, _ref, opts) =>
      literals.map((l) => ts.resolveModuleName(l.text, containingFile, opts, ts.sys)),
  };
  return { host, ls: ts.createLanguageService(host), file };
}

function errors(ls: ts.LanguageService, file: string): string[] {
  return [...ls.getSyntacticDiagnostics(file), ...ls.getSemanticDiagnostics(file)].map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

describe('TypeScript plugin: bptt-lens imports', () => {
  before(function () {
    if (!existsSync(join(root, 'dist/types/index.d.ts'))) this.skip(); // `npm test` builds first
  });

  it('without it, a script importing bptt-lens cannot find the module', () => {
    const { ls, file } = service(SCRIPT);
    assert.ok(errors(ls, file).some((e) => e.startsWith('TS2307') && e.includes("'bptt-lens'")), errors(ls, file).join('\n'));
  });

  it('with it, the script type-checks against the engine and hovers show its types', () => {
    const { host, ls, file } = service(SCRIPT);
    const patched = plugin({ typescript: ts }).create({ languageServiceHost: host, languageService: ls });
    assert.deepEqual(errors(patched, file), []);
    const at = SCRIPT.indexOf('grads =') + 1;
    const info = patched.getQuickInfoAtPosition(file, at);
    assert.match(ts.displayPartsToString(info?.displayParts), /const grads: \(Tensor \| null\)\[\]/);
  });

  it('still reports real type errors in the script', () => {
    const { host, ls, file } = service(`${SCRIPT}torch.ones(2).mull(3);\n`);
    const patched = plugin({ typescript: ts }).create({ languageServiceHost: host, languageService: ls });
    const errs = errors(patched, file);
    assert.equal(errs.length, 1);
    assert.match(errs[0], /TS2551: Property 'mull' does not exist on type 'Tensor'\. Did you mean 'mul'\?/);
  });

  it('leaves a bptt-lens the workspace provides (tsconfig paths) as it is', () => {
    const { host, ls, file } = service(SCRIPT, { baseUrl: root, paths: { 'bptt-lens': ['src/engine/index.ts'] } });
    const patched = plugin({ typescript: ts }).create({ languageServiceHost: host, languageService: ls });
    assert.deepEqual(errors(patched, file), []);
    const files = patched.getProgram()!.getSourceFiles().map((f) => f.fileName);
    assert.ok(files.includes(join(root, 'src/engine/index.ts')), 'the workspace\'s module is in the program');
    assert.ok(!files.includes(join(root, 'dist/types/index.d.ts')), 'the plugin\'s declarations are not');
  });
});
