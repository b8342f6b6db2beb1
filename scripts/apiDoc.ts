// Generates docs/api.md from the engine's doc comments, so the API reference cannot drift from
// the code. `npx tsx scripts/apiDoc.ts` writes it; `--check` fails when it is stale (a unit test
// runs that). Each public function's one-line doc names its PyTorch counterpart in backticks.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

interface Entry {
  name: string;
  kind: string;
  doc: string;
}

const ROOT = join(__dirname, '..');
const SECTIONS: [title: string, dir: string, intro: string][] = [
  ['Tensor creation', 'src/engine/ops/creation.ts', 'Available as `torch.<name>`.'],
  ['Random', 'src/engine/ops/random.ts', 'Available as `torch.<name>`; `torch.manualSeed(s)` seeds them as PyTorch does.'],
  ['Arithmetic', 'src/engine/ops/arith.ts', 'Available as `torch.<name>` and as Tensor methods.'],
  ['Pointwise math and activations', 'src/engine/ops/unary.ts', 'Available as `torch.<name>` and as Tensor methods.'],
  ['Comparison and selection', 'src/engine/ops/compare.ts', 'Available as `torch.<name>` and as Tensor methods.'],
  ['Reductions', 'src/engine/ops/reduce.ts', 'Available as `torch.<name>` and as Tensor methods.'],
  ['More pointwise math and activations', 'src/engine/ops/pointwiseExtra.ts', 'Available as `torch.<name>` and as Tensor methods; the activations as `F.<name>`.'],
  ['Rounding and division modes', 'src/engine/ops/rounding.ts', 'Available as `torch.<name>` and as Tensor methods.'],
  ['More reductions', 'src/engine/ops/reduceExtra.ts', 'Available as `torch.<name>` and as Tensor methods (`variance` is `torch.var` / `t.var()`).'],
  ['Sorting and cumulative products', 'src/engine/ops/sorting.ts', 'Available as `torch.<name>` and as Tensor methods.'],
  ['Matrix products', 'src/engine/ops/linalg.ts', 'Available as `torch.<name>` and as Tensor methods.'],
  ['More matrix products', 'src/engine/ops/linalgExtra.ts', 'Available as `torch.<name>` and as Tensor methods.'],
  ['Gathers, repeats and padding', 'src/engine/ops/gatherOps.ts', 'Available as `torch.<name>` and as Tensor methods; `pad` and `oneHot` as `F.<name>`.'],
  ['Views and shapes', 'src/engine/ops/views.ts', 'Available as `torch.<name>` and as Tensor methods.'],
  ['Joining and splitting', 'src/engine/ops/join.ts', 'Available as `torch.<name>` and as Tensor methods.'],
  ['Indexing', 'src/engine/ops/indexing.ts', '`t.index(...)` is Python\'s `t[...]`.'],
  ['Softmax and dropout', 'src/engine/ops/activation.ts', 'Available as `torch.<name>` / `F.<name>`.'],
  ['In-place ops', 'src/engine/ops/inplace.ts', 'Tensor methods ending in `_`.'],
  ['Losses', 'src/engine/ops', 'Available as `F.<name>`.'],
  ['Neural network modules', 'src/engine/nn', 'Available as `nn.<Name>`.'],
  ['Optimizers and clipping', 'src/engine/optim', 'Available as `optim.<Name>`.'],
  ['Autograd', 'src/engine/autograd/functional.ts', ''],
  ['Grad mode', 'src/engine/autograd/gradMode.ts', ''],
  ['Graph metadata for tools', 'src/engine/autograd/tags.ts', ''],
  ['Gradient check', 'src/engine/gradcheck.ts', ''],
  ['Tensor', 'src/engine/tensor.ts', 'Methods of `Tensor` beyond the ops above are in `tensorMethods.ts`.'],
];

function filesOf(path: string, pattern?: RegExp): string[] {
  const abs = join(ROOT, path);
  let st;
  try {
    st = statSync(abs);
  } catch {
    return [];
  }
  if (st.isFile()) return [abs];
  const out: string[] = [];
  for (const f of readdirSync(abs).sort()) {
    const p = join(abs, f);
    if (statSync(p).isDirectory()) out.push(...filesOf(relative(ROOT, p), pattern));
    else if (f.endsWith('.ts') && (!pattern || pattern.test(f))) out.push(p);
  }
  return out;
}

function docOf(node: ts.Node, sf: ts.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  const last = ranges.filter((r) => sf.text.slice(r.pos, r.pos + 3) === '/**').pop();
  if (!last) return '';
  return sf.text
    .slice(last.pos + 3, last.end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, '').trim())
    .filter(Boolean)
    .join(' ');
}

function exportsOf(file: string): Entry[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (const st of sf.statements) {
    const exported = ts.getCombinedModifierFlags(st as unknown as ts.Declaration) & ts.ModifierFlags.Export;
    if (!exported) continue;
    let name: string;
    let kind: string;
    if (ts.isFunctionDeclaration(st) && st.name) [name, kind] = [st.name.text, 'function'];
    else if (ts.isClassDeclaration(st) && st.name) [name, kind] = [st.name.text, 'class'];
    else continue;
    if (seen.has(name)) continue;
    seen.add(name);
    entries.push({ name, kind, doc: docOf(st, sf) });
  }
  return entries;
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** The whole api.md text. */
export function renderApiDoc(): string {
  const lines = [
    '# bptt-lens engine API',
    '',
    'Generated from the doc comments in `src/engine/` by `npx tsx scripts/apiDoc.ts`; a unit test',
    'fails when this file is stale. Names are camelCase; each entry starts with its PyTorch',
    'counterpart. Options that are keyword arguments in PyTorch are a trailing options object',
    '(`torch.randn(5, 3, { requiresGrad: true })`). The Python front maps snake_case onto these.',
    '',
    '```ts',
    "import { torch, F, nn, optim, Tensor } from 'bptt-lens';",
    '```',
  ];
  for (const [title, path, intro] of SECTIONS) {
    const files = title === 'Losses' ? filesOf(path, /^losses/) : filesOf(path);
    const entries = files.flatMap(exportsOf).filter((e) => e.doc !== '');
    if (entries.length === 0) continue;
    lines.push('', `## ${title}`, '');
    if (intro) lines.push(intro, '');
    lines.push('| name | what (PyTorch counterpart first) |', '|---|---|');
    for (const e of entries) lines.push(`| \`${e.name}\`${e.kind === 'class' ? ' (class)' : ''} | ${escape(e.doc)} |`);
  }
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  const text = renderApiDoc();
  const target = join(ROOT, 'docs/api.md');
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      console.error('docs/api.md is stale: run npx tsx scripts/apiDoc.ts');
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
    console.log('wrote docs/api.md');
  }
}
