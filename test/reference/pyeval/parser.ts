/** Statement parser for the Python subset; `parsePython` is the entry point. */
import { syntaxError } from './errors';
import type { Alias, BinaryOp, Expr, Module, Stmt, WithItem } from './ast';
import { parseBinary, parseTarget, parseTest, parseTestList } from './exprParser';
import { posOf, TokenStream } from './tokenStream';
import { tokenize } from './tokenizer';

const UNSUPPORTED_KEYWORDS: Readonly<Record<string, string>> = {
  while: 'while loop', def: 'function definition', class: 'class definition',
  try: 'try statement', async: 'async statement', return: 'return statement',
  del: 'del statement', global: 'global statement', nonlocal: 'nonlocal statement',
  raise: 'raise statement', yield: 'yield statement', await: 'await expression',
};
const AUG_OPS: ReadonlySet<string> = new Set([
  '+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '<<=', '>>=',
]);

/** Parses a whole script. Throws PyEvalError (kind 'syntax' or 'unsupported'). */
export function parsePython(source: string): Module {
  const ts = new TokenStream(tokenize(source));
  const body: Stmt[] = [];
  while (ts.peek().kind !== 'eof') body.push(...parseStatement(ts));
  return { kind: 'module', body };
}

/** Parses a single expression (e.g. for `evalPython`). */
export function parseExpression(source: string): Expr {
  const ts = new TokenStream(tokenize(source));
  const expr = parseTestList(ts);
  while (ts.peek().kind === 'newline') ts.next();
  if (ts.peek().kind !== 'eof') throw ts.unexpected();
  return expr;
}

function parseStatement(ts: TokenStream): Stmt[] {
  const tok = ts.peek();
  if (tok.kind === 'indent') throw ts.unexpected();
  if (tok.kind === 'op' && tok.text === '@') throw ts.unsupportedHere('decorator');
  if (tok.kind === 'keyword') {
    if (tok.text === 'if') return [parseIf(ts)];
    if (tok.text === 'for') return [parseFor(ts)];
    if (tok.text === 'with') return [parseWith(ts)];
    const what = UNSUPPORTED_KEYWORDS[tok.text];
    if (what !== undefined) throw ts.unsupportedHere(what);
  }
  return parseSimpleStatements(ts);
}

function parseSimpleStatements(ts: TokenStream): Stmt[] {
  const stmts = [parseSmallStatement(ts)];
  while (ts.acceptOp(';')) {
    if (ts.peek().kind === 'newline') break;
    stmts.push(parseSmallStatement(ts));
  }
  const end = ts.peek();
  if (end.kind !== 'newline' && end.kind !== 'eof') throw ts.unexpected();
  ts.next();
  return stmts;
}

function parseSmallStatement(ts: TokenStream): Stmt {
  const tok = ts.peek();
  const at = posOf(tok);
  if (tok.kind === 'keyword') {
    const what = UNSUPPORTED_KEYWORDS[tok.text];
    if (what !== undefined) throw ts.unsupportedHere(what);
    switch (tok.text) {
      case 'pass':
        ts.next();
        return { kind: 'pass', ...at };
      case 'break':
      case 'continue':
        if (ts.loopDepth === 0) throw syntaxError(`'${tok.text}' outside loop`, tok.line, tok.col);
        ts.next();
        return { kind: tok.text, ...at };
      case 'import':
        return parseImport(ts);
      case 'from':
        return parseFromImport(ts);
      case 'assert': {
        ts.next();
        const test = parseTest(ts);
        return { kind: 'assert', test, msg: ts.acceptOp(',') ? parseTest(ts) : null, ...at };
      }
      default:
        break;
    }
  }
  return parseExprStatement(ts);
}

function parseExprStatement(ts: TokenStream): Stmt {
  const first = parseTestList(ts);
  const at = { line: first.line, col: first.col };
  const tok = ts.peek();
  if (tok.kind === 'op' && AUG_OPS.has(tok.text)) {
    ts.next();
    checkTarget(first, true);
    const op = tok.text.slice(0, -1) as BinaryOp;
    return { kind: 'augAssign', target: first, op, value: parseTestList(ts), ...at };
  }
  if (tok.kind === 'op' && tok.text === ':') throw ts.unsupportedHere('annotated assignment');
  if (!ts.isOp('=')) return { kind: 'expr', value: first, ...at };
  const targets = [first];
  let value = first;
  while (ts.acceptOp('=')) {
    value = parseTestList(ts);
    targets.push(value);
  }
  targets.pop();
  targets.forEach((t) => checkTarget(t, false));
  return { kind: 'assign', targets, value, ...at };
}

/** Rejects expressions that cannot be assigned to. */
export function checkTarget(target: Expr, augmented: boolean): void {
  switch (target.kind) {
    case 'name':
    case 'attribute':
    case 'subscript':
      return;
    case 'tuple':
    case 'list':
      if (augmented) throw syntaxError(`'${target.kind}' is an illegal expression for augmented assignment`, target.line, target.col);
      target.elts.forEach((e) => checkTarget(e, false));
      return;
    case 'call':
      throw syntaxError('cannot assign to function call', target.line, target.col);
    case 'number':
    case 'string':
    case 'constant':
    case 'ellipsis':
      throw syntaxError('cannot assign to literal', target.line, target.col);
    default:
      throw syntaxError('cannot assign to expression', target.line, target.col);
  }
}

/** After a compound statement's header: `':' simple_stmts` or `':' NEWLINE INDENT stmt+ DEDENT`. */
function parseBlock(ts: TokenStream): Stmt[] {
  ts.expectOp(':');
  if (ts.peek().kind !== 'newline') return parseSimpleStatements(ts);
  ts.next();
  if (ts.peek().kind !== 'indent') {
    const tok = ts.peek();
    throw syntaxError('expected an indented block', tok.line, tok.col);
  }
  ts.next();
  const body: Stmt[] = [];
  while (ts.peek().kind !== 'dedent' && ts.peek().kind !== 'eof') body.push(...parseStatement(ts));
  ts.next();
  return body;
}

function parseIf(ts: TokenStream): Stmt {
  const at = posOf(ts.next());
  const test = parseTest(ts);
  const body = parseBlock(ts);
  let orelse: Stmt[] = [];
  if (ts.isKeyword('elif')) orelse = [parseIf(ts)];
  else if (ts.acceptKeyword('else')) orelse = parseBlock(ts);
  return { kind: 'if', test, body, orelse, ...at };
}

function parseFor(ts: TokenStream): Stmt {
  const at = posOf(ts.next());
  const target = parseTarget(ts);
  checkTarget(target, false);
  ts.expectKeyword('in');
  const iter = parseTestList(ts);
  ts.loopDepth++;
  const body = parseBlock(ts);
  ts.loopDepth--;
  if (ts.isKeyword('else')) throw ts.unsupportedHere('for-else');
  return { kind: 'for', target, iter, body, ...at };
}

function parseWith(ts: TokenStream): Stmt {
  const at = posOf(ts.next());
  const items: WithItem[] = [];
  do {
    const context = parseTest(ts);
    let target: Expr | null = null;
    if (ts.acceptKeyword('as')) {
      if (ts.isOp('*')) throw ts.unsupportedHere('starred assignment target');
      target = parseBinary(ts, 1);
      checkTarget(target, false);
    }
    items.push({ context, target });
  } while (ts.acceptOp(','));
  return { kind: 'with', items, body: parseBlock(ts), ...at };
}

function parseDottedName(ts: TokenStream): string {
  let name = ts.expectName();
  while (ts.acceptOp('.')) name += '.' + ts.expectName();
  return name;
}

function parseImport(ts: TokenStream): Stmt {
  const at = posOf(ts.next());
  const names: Alias[] = [];
  do {
    const name = parseDottedName(ts);
    names.push({ name, asname: ts.acceptKeyword('as') ? ts.expectName() : null });
  } while (ts.acceptOp(','));
  return { kind: 'import', names, ...at };
}

function parseFromImport(ts: TokenStream): Stmt {
  const at = posOf(ts.next());
  if (ts.isOp('.') || ts.isOp('...')) throw ts.unsupportedHere('relative import');
  const module = parseDottedName(ts);
  ts.expectKeyword('import');
  if (ts.isOp('*')) throw ts.unsupportedHere('from-import *');
  const paren = ts.acceptOp('(');
  const names: Alias[] = [];
  do {
    if (paren && ts.isOp(')')) break;
    const name = ts.expectName();
    names.push({ name, asname: ts.acceptKeyword('as') ? ts.expectName() : null });
  } while (ts.acceptOp(','));
  if (paren) ts.expectOp(')');
  return { kind: 'importFrom', module, names, ...at };
}
