#!/usr/bin/env node
// The `bptt-lens` command: `run` a script, or `trace` it and print what its gradients do.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { runScript, type RunOutcome } from '../runtime/runner';
import type { ScriptError } from '../trace/types';
import { formatSummary } from './summary';

const USAGE = `usage: bptt-lens run <script.js|script.ts> [--timeout <s>] [--memory <MB>]
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
  if (args.script.endsWith('.py')) {
    process.stderr.write(
      `bptt-lens: Python scripts are not supported yet: the Python front (Pyodide) comes in a later release. Use a .js or .ts script.\n`,
    );
    return 2;
  }
  if (args.html) {
    process.stderr.write('bptt-lens: --html needs the webview bundle, which is not built yet; use --out trace.json\n');
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
  if (outcome.error) process.stderr.write(`${formatError(outcome.error)}\n`);
  if (args.command === 'trace' && outcome.trace) {
    process.stdout.write(`\n${formatSummary(outcome.trace, process.cwd())}\n`);
    if (args.out) {
      writeFileSync(args.out, JSON.stringify(outcome.trace));
      process.stdout.write(`\nTrace written to ${args.out}\n`);
    }
  }
  return outcome.status === 'ok' ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`bptt-lens: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 70;
  },
);
