/** Expression parser: recursive descent with precedence climbing for binary operators. */
import { syntaxError } from './errors';
import type {
  Arg, BinaryOp, Comprehension, Expr, Param, Pos, SourceCompareOp,
} from './ast';
import { posOf } from './tokenStream';
import type { TokenStream } from './tokenStream';
import type { Token } from './tokenizer';

/** Binding power of binary operators (higher binds tighter); `**` and unary ops are separate. */
const BINARY_PREC: ReadonlyMap<string, number> = new Map([
  ['|', 1], ['^', 2], ['&', 3], ['<<', 4], ['>>', 4], ['+', 5], ['-', 5],
  ['*', 6], ['/', 6], ['//', 6], ['%', 6], ['@', 6],
]);
const COMPARE_OPS: ReadonlySet<string> = new Set(['<', '>', '==', '>=', '<=', '!=']);
const EXPR_START_OPS: ReadonlySet<string> = new Set(['(', '[', '{', '-', '+', '~', '...', '*']);
const EXPR_START_KEYWORDS: ReadonlySet<string> = new Set([
  'not', 'lambda', 'None', 'True', 'False', 'await', 'yield',
]);

export function canStartExpr(tok: Token): boolean {
  if (tok.kind === 'name' || tok.kind === 'number' || tok.kind === 'string') return true;
  if (tok.kind === 'op') return EXPR_START_OPS.has(tok.text);
  return tok.kind === 'keyword' && EXPR_START_KEYWORDS.has(tok.text);
}

/** `test (',' test)* [',']`: a tuple when there is a comma. */
export function parseTestList(ts: TokenStream): Expr {
  return commaList(ts, parseTestOrStar);
}

/** `expr (',' expr)*`: for-loop and comprehension targets (stops before `in`). */
export function parseTarget(ts: TokenStream): Expr {
  return commaList(ts, (s) => {
    if (s.isOp('*')) throw s.unsupportedHere('starred assignment target');
    return parseBinary(s, 1);
  });
}

function commaList(ts: TokenStream, item: (ts: TokenStream) => Expr): Expr {
  const first = item(ts);
  if (!ts.isOp(',')) return first;
  const elts = [first];
  while (ts.acceptOp(',') && canStartExpr(ts.peek())) elts.push(item(ts));
  return { kind: 'tuple', elts, line: first.line, col: first.col };
}

function parseTestOrStar(ts: TokenStream): Expr {
  if (ts.isOp('*')) throw ts.unsupportedHere('starred expression');
  return parseTest(ts);
}

export function parseTest(ts: TokenStream): Expr {
  if (ts.isKeyword('lambda')) return parseLambda(ts);
  const body = parseOrTest(ts);
  if (ts.isOp(':=')) throw ts.unsupportedHere('assignment expression (:=)');
  if (!ts.acceptKeyword('if')) return body;
  const test = parseOrTest(ts);
  ts.expectKeyword('else');
  const orelse = parseTest(ts);
  return { kind: 'conditional', test, body, orelse, line: body.line, col: body.col };
}

export function parseOrTest(ts: TokenStream): Expr {
  return boolChain(ts, 'or', () => boolChain(ts, 'and', () => parseNotTest(ts)));
}

function boolChain(ts: TokenStream, op: 'and' | 'or', operand: () => Expr): Expr {
  const first = operand();
  const values = [first];
  while (ts.acceptKeyword(op)) values.push(operand());
  return values.length === 1 ? first : { kind: 'boolean', op, values, line: first.line, col: first.col };
}

function parseNotTest(ts: TokenStream): Expr {
  if (!ts.isKeyword('not')) return parseComparison(ts);
  const tok = ts.next();
  return { kind: 'unary', op: 'not', operand: parseNotTest(ts), ...posOf(tok) };
}

function parseComparison(ts: TokenStream): Expr {
  const left = parseBinary(ts, 1);
  const ops: SourceCompareOp[] = [];
  const comparators: Expr[] = [];
  for (let op = compareOp(ts); op !== null; op = compareOp(ts)) {
    ops.push(op);
    comparators.push(parseBinary(ts, 1));
  }
  return ops.length === 0 ? left : { kind: 'compare', left, ops, comparators, line: left.line, col: left.col };
}

function compareOp(ts: TokenStream): SourceCompareOp | null {
  const tok = ts.peek();
  if (tok.kind === 'op' && COMPARE_OPS.has(tok.text)) {
    ts.next();
    return tok.text as SourceCompareOp;
  }
  if (ts.acceptKeyword('in')) return 'in';
  if (ts.isKeyword('not') && ts.isKeyword('in', 1)) {
    ts.next();
    ts.next();
    return 'not in';
  }
  if (ts.acceptKeyword('is')) return ts.acceptKeyword('not') ? 'is not' : 'is';
  return null;
}

/** Precedence climbing over `| ^ & << >> + - * / // % @`. */
export function parseBinary(ts: TokenStream, minPrec: number): Expr {
  let left = parseFactor(ts);
  for (;;) {
    const tok = ts.peek();
    const prec = tok.kind === 'op' ? BINARY_PREC.get(tok.text) : undefined;
    if (prec === undefined || prec < minPrec) return left;
    ts.next();
    const right = parseBinary(ts, prec + 1);
    left = { kind: 'binary', op: tok.text as BinaryOp, left, right, line: left.line, col: left.col };
  }
}

function parseFactor(ts: TokenStream): Expr {
  const tok = ts.peek();
  if (tok.kind === 'op' && (tok.text === '-' || tok.text === '+' || tok.text === '~')) {
    ts.next();
    return { kind: 'unary', op: tok.text, operand: parseFactor(ts), ...posOf(tok) };
  }
  const base = parseAtomExpr(ts);
  if (!ts.acceptOp('**')) return base;
  return { kind: 'binary', op: '**', left: base, right: parseFactor(ts), line: base.line, col: base.col };
}

function parseAtomExpr(ts: TokenStream): Expr {
  if (ts.isKeyword('await')) throw ts.unsupportedHere('await expression');
  let node = parseAtom(ts);
  for (;;) {
    const at: Pos = { line: node.line, col: node.col };
    if (ts.acceptOp('(')) {
      node = { kind: 'call', func: node, args: parseCallArgs(ts), ...at };
    } else if (ts.acceptOp('[')) {
      node = { kind: 'subscript', object: node, index: parseSubscriptIndex(ts), ...at };
    } else if (ts.acceptOp('.')) {
      node = { kind: 'attribute', object: node, attr: ts.expectName(), ...at };
    } else {
      return node;
    }
  }
}

function parseAtom(ts: TokenStream): Expr {
  const tok = ts.peek();
  const at = posOf(tok);
  switch (tok.kind) {
    case 'number':
      ts.next();
      return { kind: 'number', value: tok.value as bigint | number, ...at };
    case 'string': {
      let value = '';
      while (ts.peek().kind === 'string') value += String(ts.next().value);
      return { kind: 'string', value, ...at };
    }
    case 'name':
      ts.next();
      return { kind: 'name', id: tok.text, ...at };
    case 'keyword':
      if (tok.text === 'True' || tok.text === 'False' || tok.text === 'None') {
        ts.next();
        return { kind: 'constant', value: tok.text === 'None' ? null : tok.text === 'True', ...at };
      }
      if (tok.text === 'yield') throw ts.unsupportedHere('yield expression');
      throw ts.unexpected();
    case 'op':
      if (tok.text === '...') {
        ts.next();
        return { kind: 'ellipsis', ...at };
      }
      if (tok.text === '(') return parseParen(ts);
      if (tok.text === '[') return parseListDisplay(ts);
      if (tok.text === '{') return parseBrace(ts);
      throw ts.unexpected();
    default:
      throw ts.unexpected();
  }
}

function parseParen(ts: TokenStream): Expr {
  const at = posOf(ts.next());
  if (ts.acceptOp(')')) return { kind: 'tuple', elts: [], ...at };
  if (ts.isKeyword('yield')) throw ts.unsupportedHere('yield expression');
  const first = parseTestOrStar(ts);
  if (ts.isKeyword('for')) {
    const generators = parseComprehensionClauses(ts);
    ts.expectOp(')');
    return { kind: 'generator', elt: first, generators, ...at };
  }
  if (!ts.isOp(',')) {
    ts.expectOp(')');
    return first;
  }
  const elts = [first];
  while (ts.acceptOp(',') && !ts.isOp(')')) elts.push(parseTestOrStar(ts));
  ts.expectOp(')');
  return { kind: 'tuple', elts, ...at };
}

function parseListDisplay(ts: TokenStream): Expr {
  const at = posOf(ts.next());
  if (ts.acceptOp(']')) return { kind: 'list', elts: [], ...at };
  const first = parseTestOrStar(ts);
  if (ts.isKeyword('for')) {
    const generators = parseComprehensionClauses(ts);
    ts.expectOp(']');
    return { kind: 'listComp', elt: first, generators, ...at };
  }
  const elts = [first];
  while (ts.acceptOp(',') && !ts.isOp(']')) elts.push(parseTestOrStar(ts));
  ts.expectOp(']');
  return { kind: 'list', elts, ...at };
}

function parseBrace(ts: TokenStream): Expr {
  const open = ts.next();
  const at = posOf(open);
  const entries: { key: Expr; value: Expr }[] = [];
  while (!ts.isOp('}')) {
    if (ts.isOp('**')) throw ts.unsupportedHere('dict unpacking (**)');
    const key = parseTest(ts);
    if (!ts.acceptOp(':')) throw ts.unsupportedHere('set literal', at);
    entries.push({ key, value: parseTest(ts) });
    if (ts.isKeyword('for')) throw ts.unsupportedHere('dict comprehension', at);
    if (!ts.acceptOp(',')) break;
  }
  ts.expectOp('}');
  return { kind: 'dict', entries, ...at };
}

export function parseComprehensionClauses(ts: TokenStream): Comprehension[] {
  const generators: Comprehension[] = [];
  while (ts.acceptKeyword('for')) {
    const target = parseTarget(ts);
    ts.expectKeyword('in');
    const iter = parseOrTest(ts);
    const ifs: Expr[] = [];
    while (ts.acceptKeyword('if')) ifs.push(parseOrTest(ts));
    generators.push({ target, iter, ifs });
  }
  if (ts.isKeyword('async')) throw ts.unsupportedHere('async comprehension');
  return generators;
}

function parseCallArgs(ts: TokenStream): Arg[] {
  const args: Arg[] = [];
  const names = new Set<string>();
  let keywordSeen = false;
  while (!ts.isOp(')')) {
    const tok = ts.peek();
    if (ts.acceptOp('*')) {
      args.push({ kind: 'star', value: parseTest(ts) });
    } else if (ts.acceptOp('**')) {
      args.push({ kind: 'doubleStar', value: parseTest(ts) });
      keywordSeen = true;
    } else if (tok.kind === 'name' && ts.isOp('=', 1)) {
      ts.next();
      ts.next();
      if (names.has(tok.text)) throw syntaxError(`keyword argument repeated: ${tok.text}`, tok.line, tok.col);
      names.add(tok.text);
      args.push({ kind: 'keyword', name: tok.text, value: parseTest(ts) });
      keywordSeen = true;
    } else {
      const value = parseTest(ts);
      if (ts.isKeyword('for')) {
        const generators = parseComprehensionClauses(ts);
        if (args.length > 0 || !ts.isOp(')')) {
          throw syntaxError('Generator expression must be parenthesized', value.line, value.col);
        }
        args.push({ kind: 'positional', value: { kind: 'generator', elt: value, generators, line: value.line, col: value.col } });
      } else {
        if (keywordSeen) throw syntaxError('positional argument follows keyword argument', tok.line, tok.col);
        args.push({ kind: 'positional', value });
      }
    }
    if (!ts.acceptOp(',')) break;
  }
  ts.expectOp(')');
  return args;
}

function parseSubscriptIndex(ts: TokenStream): Expr {
  const start = posOf(ts.peek());
  const items = [parseSliceItem(ts)];
  let comma = false;
  while (ts.acceptOp(',')) {
    comma = true;
    if (ts.isOp(']')) break;
    items.push(parseSliceItem(ts));
  }
  ts.expectOp(']');
  const [only] = items;
  if (only && items.length === 1 && !comma) return only;
  return { kind: 'tuple', elts: items, ...start };
}

function parseSliceItem(ts: TokenStream): Expr {
  const at = posOf(ts.peek());
  const lower = ts.isOp(':') ? null : parseTestOrStar(ts);
  if (!ts.acceptOp(':')) {
    if (lower === null) throw ts.unexpected();
    return lower;
  }
  const endOfPart = (): boolean => ts.isOp(':') || ts.isOp(',') || ts.isOp(']');
  const upper = endOfPart() ? null : parseTest(ts);
  let step: Expr | null = null;
  if (ts.acceptOp(':')) step = ts.isOp(',') || ts.isOp(']') ? null : parseTest(ts);
  return { kind: 'slice', lower, upper, step, ...at };
}

function parseLambda(ts: TokenStream): Expr {
  const at = posOf(ts.next());
  const params: Param[] = [];
  while (!ts.isOp(':')) {
    if (ts.isOp('*') || ts.isOp('**')) throw ts.unsupportedHere('lambda with *args/**kwargs');
    const tok = ts.peek();
    const name = ts.expectName();
    if (params.some((p) => p.name === name)) {
      throw syntaxError(`duplicate argument '${name}' in function definition`, tok.line, tok.col);
    }
    const def = ts.acceptOp('=') ? parseTest(ts) : null;
    if (def === null && params.some((p) => p.default !== null)) {
      throw syntaxError('non-default argument follows default argument', tok.line, tok.col);
    }
    params.push({ name, default: def });
    if (!ts.acceptOp(',')) break;
  }
  ts.expectOp(':');
  return { kind: 'lambda', params, body: parseTest(ts), ...at };
}
