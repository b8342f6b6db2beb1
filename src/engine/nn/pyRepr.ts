// Python's spellings for module reprs: `repr(float)`, `str(bool)`, `_addindent`.

/** Python's `repr(x)` of a float: shortest round-trip digits, `1.0`, `1e-05`, `1e+16`. e.g. `pyFloatRepr(0.5) === '0.5'` */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // toExponential() without digits gives the shortest round-trip mantissa, like Python's repr
  const [mant, expStr] = Math.abs(x).toExponential().split('e');
  const exp = Number(expStr);
  const digits = mant.replace('.', '');
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}

/** Python's `str(b)` of a bool. e.g. `pyBool(true) === 'True'` */
export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** Python's `str(tuple)` of ints. e.g. `pyTuple([1, 3, 5]) === '(1, 3, 5)'` */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}

/** torch.nn.modules.module._addindent: indents every line but the first. e.g. `addIndent('A(\n)', 2)` */
export function addIndent(s: string, numSpaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const pad = ' '.repeat(numSpaces);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join('\n');
}
