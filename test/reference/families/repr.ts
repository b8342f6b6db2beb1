// repr.json: `str(obj)` and `repr(obj)` exactly as PyTorch prints them (addresses as patterns).
import { codeToSource, pyRepr, pyStr, runPython } from '../pyeval';
import { createTorchHost } from '../torchHost/host';
import { referenceGlobals } from './context';

function matches(got: string, exact: string, pattern: unknown): boolean {
  return typeof pattern === 'string' ? new RegExp(pattern).test(got) : got === exact;
}

/** Runs one repr case and returns its failures. */
export function runReprCase(c: Record<string, unknown>): string[] {
  const globals = referenceGlobals();
  const host = createTorchHost(() => undefined);
  runPython(codeToSource(c.code as string), globals, host);
  const obj = globals.get('obj');
  const failures: string[] = [];
  const s = pyStr(obj, host);
  if (!matches(s, c.str as string, c.str_pattern)) failures.push(`str: ${JSON.stringify(s)} vs reference ${JSON.stringify(c.str)}`);
  const r = pyRepr(obj, host);
  if (!matches(r, c.repr as string, c.repr_pattern)) failures.push(`repr: ${JSON.stringify(r)} vs reference ${JSON.stringify(c.repr)}`);
  return failures;
}
