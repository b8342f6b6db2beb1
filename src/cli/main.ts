#!/usr/bin/env node
// The `bptt-lens` command: `run` a script, or `trace` it and print what its gradients do.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crossCheckJson, type CrossCheckReport } from '../protocol/crossCheck';
import { runCrossCheck, withoutValues } from '../runtime/crossCheckRun';
import { defaultPython } from '../runtime/pytorchRunner';
import { runScript, type RunOutcome } from '../runtime/runner';
import { formatCrossCheck } from './crossCheckText';
import type { ScriptError, Trace } from '../trace/types';
import { renderHtmlReport } from './htmlReport';
import { formatSummary } from './summary';

/** The self-contained report: the panel's own bundle, which sits beside this file in dist/. */
function htmlReport(trace: Trace, crossCheck?: CrossCheckReport): string {
  const read = (name: string): string => readFileSync(join(__dirname, name), 'utf8');
  return renderHtmlReport(trace, { js: read('webview.js'), css: read('webview.css') }, crossCheck ? { crossCheck } : {});
}

const USAGE = `usage: bptt-lens run <script.js|script.ts|script.py> [options]
       bptt-lens trace <script> [--out trace.json] [--html report.html] [options]
       bptt-lens check <script.py> [--out check.json] [--html report.html] [--tolerance <rel>] [options]
options: --timeout <s>  --memory <MB>  --seed <n>
         --backend embedded|pytorch  --python <path>  --fused   (pytorch backend: .py scripts on your own PyTorch)
check runs the script on both backends from the same seed (--seed, default 0) and compares losses, parameter
grads and ‖∂L/∂h_t‖; it exits 0 when they agree (or only drift apart after the first backward), 1 when not.`;

interface Args {
  command: 'run' | 'trace' | 'check';
  script: string;
  out?: string;
  html?: string;
  timeoutMs?: number;
  tensorMb?: number;
  seed?: number;
  backend?: 'embedded' | 'pytorch';
  python?: string;
  fused?: boolean;
  tolerance?: number;
}

class UsageError extends Error {}

function parse(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'run' && command !== 'trace' && command !== 'check') throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  const args: Partial<Args> = { command };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--out' && command !== 'run') args.out = value();
    else if (a === '--html' && command !== 'run') args.html = value();
    else if (a === '--timeout') args.timeoutMs = positive(a, value()) * 1000;
    else if (a === '--memory') args.tensorMb = positive(a, value());
    else if (a === '--seed') args.seed = seedOf(value());
    else if (a === '--python') args.python = value();
    else if (a === '--fused' && command !== 'check') args.fused = true;
    else if (a === '--tolerance' && command === 'check') args.tolerance = positive(a, value());
    else if (a === '--backend' && command !== 'check') {
      const b = value();
      if (b !== 'embedded' && b !== 'pytorch') throw new UsageError(`--backend must be embedded or pytorch, got '${b}'`);
      args.backend = b;
    }
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (args.script) throw new UsageError(`unexpected argument ${a}`);
    else args.script = a;
  }
  if (!args.script) throw new UsageError('missing script');
  if (command === 'check' && !args.script.endsWith('.py')) throw new UsageError(`check compares a Python script on both backends; ${args.script} is not a .py file`);
  return args as Args;
}

function seedOf(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--seed must be a non-negative integer, got '${v}'`);
  return n;
}

/** The pytorch backend's interpreter: --python, else BPTT_PYTHON, else python3 from PATH. */
function pythonOf(args: Args): string {
  return args.python ?? defaultPython();
}

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!(n > 0)) throw new UsageError(`${flag} must be a positive number, got '${v}'`);
  return n;
}

function formatError(e: ScriptError): string {
  const loc = e.location ? `${relative(process.cwd(), e.location.file)}:${e.location.line}:${e.location.column}: ` : '';
  return `${loc}${e.type}: ${e.message}`;
}

async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bptt-lens: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const onOutput = (stream: 'stdout' | 'stderr', text: string): boolean => (stream === 'stdout' ? process.stdout : process.stderr).write(text);
  if (args.command === 'check') return check(args, controller.signal, onOutput);
  const outcome: RunOutcome = await runScript(args.script, {
    trace: args.command === 'trace',
    timeoutMs: args.timeoutMs,
    tensorMb: args.tensorMb,
    seed: args.seed,
    backend: args.backend,
    python: args.backend === 'pytorch' ? pythonOf(args) : undefined,
    fused: args.fused,
    signal: controller.signal,
    onOutput,
  });
  // a Python error prints as Python prints it: the traceback (the user's frames) and the exception line
  const pyTraceback = args.script.endsWith('.py') && outcome.status === 'error' ? outcome.error?.stack : undefined;
  if (outcome.error) process.stderr.write(`${pyTraceback ?? formatError(outcome.error)}\n`);
  if (args.command === 'trace' && outcome.trace) {
    process.stdout.write(`\n${formatSummary(outcome.trace, process.cwd())}\n`);
    if (args.out) {
      writeFileSync(args.out, JSON.stringify(outcome.trace));
      process.stdout.write(`\nTrace written to ${args.out}\n`);
    }
    if (args.html) {
      writeFileSync(args.html, htmlReport(outcome.trace));
      process.stdout.write(`${args.out ? '' : '\n'}Report written to ${args.html} (self-contained; open it in any browser)\n`);
    }
  }
  return outcome.status === 'ok' ? 0 : 1;
}

/** `bptt-lens check`: both backends, the comparison table, exit 0 only when they agree. */
async function check(args: Args, signal: AbortSignal, onOutput: (stream: 'stdout' | 'stderr', text: string) => void): Promise<number> {
  const { report, embedded, pytorch, setupError } = await runCrossCheck(args.script, {
    python: pythonOf(args),
    seed: args.seed,
    tolerance: args.tolerance,
    timeoutMs: args.timeoutMs,
    tensorMb: args.tensorMb,
    signal,
    onOutput,
    onPhase: (b) => process.stdout.write(`── ${b === 'embedded' ? 'embedded engine' : `PyTorch (${pythonOf(args)})`}\n`),
  });
  if (setupError) {
    process.stderr.write(`bptt-lens: cannot cross-check: ${setupError.type}: ${setupError.message}\n`);
    return 1;
  }
  for (const [name, o] of [['embedded', embedded], ['pytorch', pytorch]] as const) {
    if (o.error) process.stderr.write(`[${name}] ${o.status === 'error' && o.error.stack ? o.error.stack : formatError(o.error)}\n`);
  }
  process.stdout.write(`\n${formatCrossCheck(report)}\n`);
  if (args.out) {
    writeFileSync(args.out, crossCheckJson(report));
    process.stdout.write(`\nCross-check written to ${args.out}\n`);
  }
  const shown = withoutValues(embedded.trace, 4096);
  if (args.html && shown) {
    writeFileSync(args.html, htmlReport(shown, report));
    process.stdout.write(`Report written to ${args.html} (self-contained; open it in any browser)\n`);
  }
  return report.verdict === 'disagree' ? 1 : 0;
}

// `bptt-lens trace x.ts | head` closes the pipe early: stop quietly, as Unix tools do
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`bptt-lens: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 70;
  },
);
