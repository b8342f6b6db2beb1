#!/usr/bin/env node
// The `bptt-lens` command: `run` a script, or `trace` it and print what its gradients do.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runScript, type RunOutcome } from '../runtime/runner';
import type { ScriptError, Trace } from '../trace/types';
import { renderHtmlReport } from './htmlReport';
import { formatSummary } from './summary';

/** The self-contained report: the panel's own bundle, which sits beside this file in dist/. */
function htmlReport(trace: Trace): string {
  const read = (name: string): string => readFileSync(join(__dirname, name), 'utf8');
  return renderHtmlReport(trace, { js: read('webview.js'), css: read('webview.css') });
}

const USAGE = `usage: bptt-lens run <script.js|script.ts|script.py> [--timeout <s>] [--memory <MB>]
       bptt-lens trace <script> [--out trace.json] [--html report.html] [--timeout <s>] [--memory <MB>]`;

interface Args {
  command: 'run' | 'trace';
  script: string;
  out?: string;
  html?: string;
  timeoutMs?: number;
  tensorMb?: number;
}

class UsageError extends Error {}

function parse(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'run' && command !== 'trace') throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  const args: Partial<Args> = { command };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--out' && command === 'trace') args.out = value();
    else if (a === '--html' && command === 'trace') args.html = value();
    else if (a === '--timeout') args.timeoutMs = positive(a, value()) * 1000;
    else if (a === '--memory') args.tensorMb = positive(a, value());
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (args.script) throw new UsageError(`unexpected argument ${a}`);
    else args.script = a;
  }
  if (!args.script) throw new UsageError('missing script');
  return args as Args;
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
  const outcome: RunOutcome = await runScript(args.script, {
    trace: args.command === 'trace',
    timeoutMs: args.timeoutMs,
    tensorMb: args.tensorMb,
    signal: controller.signal,
    onOutput: (stream, text) => (stream === 'stdout' ? process.stdout : process.stderr).write(text),
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
