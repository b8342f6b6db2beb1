// `npm run test:reference -- <folder> [--only fam1,fam2] [--verbose]`: runs every case of every
// family file in a folder in the PyTorch reference format against the engine. Prints one line per
// failing case, then `N passed, N failed`; exits 1 on any failure. Unsupported APIs count as failures.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readRefFile } from './cases';
import { runModuleCase } from './families/modules';
import { runOpCase } from './families/ops';
import { runOptimCase } from './families/optim';
import { runReprCase } from './families/repr';
import { runRngCase } from './families/rng';

type CaseRunner = (c: Record<string, unknown>) => string[];

const runners: Record<string, CaseRunner> = {
  ops: runOpCase,
  losses: runOpCase,
  rng: runRngCase,
  repr: runReprCase,
  modules: runModuleCase,
  gradfn: runModuleCase,
  optim: runOptimCase,
};

function unsupportedFamily(family: string): CaseRunner {
  return () => [`unsupported: the ${family} family has no runner yet`];
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const inner = cause instanceof Error ? ` (${cause.message})` : '';
    return `${e.message}${inner}`;
  }
  return String(e);
}

/** Runs the folder; returns [passed, failed]. */
export function runFolder(folder: string, only: Set<string> | null, verbose: boolean): [number, number] {
  let passed = 0;
  let failed = 0;
  const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    const ref = readRefFile(join(folder, file));
    const family = ref.family ?? file.replace(/\.json$/, '');
    if (only && !only.has(family)) continue;
    const run = runners[family] ?? unsupportedFamily(family);
    for (const c of ref.cases) {
      let failures: string[];
      try {
        failures = run(c);
      } catch (e) {
        failures = [errorText(e)];
      }
      if (failures.length === 0) {
        passed++;
        if (verbose) console.log(`ok   ${family}/${String(c.name)}`);
      } else {
        failed++;
        console.log(`FAIL ${family}/${String(c.name)}: ${failures.join('; ')}`);
      }
    }
  }
  return [passed, failed];
}

function main(argv: string[]): number {
  const args = argv.slice(2);
  let only: Set<string> | null = null;
  let verbose = false;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--only') only = new Set(args[++i].split(','));
    else if (args[i] === '--verbose') verbose = true;
    else positional.push(args[i]);
  }
  if (positional.length !== 1) {
    console.error('usage: npm run test:reference -- <folder> [--only ops,losses] [--verbose]');
    return 2;
  }
  const [passed, failed] = runFolder(resolve(positional[0]), only, verbose);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv);
