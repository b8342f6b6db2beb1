/** Tokenizer for the Python subset: INDENT/DEDENT, implicit line joining inside brackets. */
import { syntaxError, unsupported } from './errors';

export type TokenKind =
  | 'name' | 'keyword' | 'number' | 'string' | 'op' | 'newline' | 'indent' | 'dedent' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Source text for names, keywords and operators; '' for layout tokens. */
  readonly text: string;
  /** Literal value: bigint (int) or number (float) for numbers, the decoded text for strings. */
  readonly value: bigint | number | string | null;
  /** 1-based line and column of the first character. */
  readonly line: number;
  readonly col: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '->', ':=', '**', '//', '==', '!=', '<=', '>=', '<<', '>>',
  '+=', '-=', '*=', '/=', '%=', '@=', '&=', '|=', '^=',
  '(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '+', '-', '*', '/', '%', '@', '&', '|', '^',
  '~', '<', '>', '=',
];
const CLOSERS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
const NAME_RE = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER_RE =
  /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?/y;
const STRING_START_RE = /([rRbBuUfF]{0,2})('''|"""|'|")/y;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

interface Opener { readonly ch: string; readonly line: number; readonly col: number }

export function tokenize(source: string): Token[] {
  return new Lexer(source.replace(/\r\n?/g, '\n')).run();
}

class Lexer {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private readonly tokens: Token[] = [];
  private readonly indents: number[] = [0];
  private readonly brackets: Opener[] = [];

  constructor(private readonly src: string) {}

  run(): Token[] {
    let atLineStart = true;
    while (this.i < this.src.length) {
      if (atLineStart && this.brackets.length === 0) {
        if (!this.indentation()) continue;
        atLineStart = false;
      }
      const ch = this.src[this.i];
      if (ch === '\n') {
        if (this.brackets.length === 0) {
          this.push('newline', '', null, this.i);
          atLineStart = true;
        }
        this.newline(this.i + 1);
      } else if (ch === ' ' || ch === '\t' || ch === '\f') {
        this.i++;
      } else if (ch === '#') {
        this.skipComment();
      } else if (ch === '\\') {
        if (this.src[this.i + 1] !== '\n') {
          throw this.error('unexpected character after line continuation character', this.i);
        }
        this.newline(this.i + 2);
      } else {
        this.token();
      }
    }
    return this.finish();
  }

  private finish(): Token[] {
    const open = this.brackets[this.brackets.length - 1];
    if (open) throw syntaxError(`'${open.ch}' was never closed`, open.line, open.col);
    const last = this.tokens[this.tokens.length - 1];
    if (last && last.kind !== 'newline' && last.kind !== 'dedent') {
      this.push('newline', '', null, this.i);
    }
    while (this.indents.length > 1) {
      this.indents.pop();
      this.push('dedent', '', null, this.i);
    }
    this.push('eof', '', null, this.i);
    return this.tokens;
  }

  /** Handles the start of a physical line; returns false if the line was blank. */
  private indentation(): boolean {
    let width = 0;
    let j = this.i;
    for (; j < this.src.length; j++) {
      const c = this.src[j];
      if (c === ' ') width++;
      else if (c === '\t') width = (Math.floor(width / 8) + 1) * 8;
      else if (c === '\f') width = 0;
      else break;
    }
    this.i = j;
    const c = this.src[j];
    if (c === undefined) return false;
    if (c === '#') {
      this.skipComment();
      return false;
    }
    if (c === '\n') {
      this.newline(j + 1);
      return false;
    }
    const top = this.indents[this.indents.length - 1] ?? 0;
    if (width > top) {
      this.indents.push(width);
      this.push('indent', '', null, j);
    } else {
      while (width < (this.indents[this.indents.length - 1] ?? 0)) {
        this.indents.pop();
        this.push('dedent', '', null, j);
      }
      if (width !== this.indents[this.indents.length - 1]) {
        throw this.error('unindent does not match any outer indentation level', j);
      }
    }
    return true;
  }

  private token(): void {
    const start = this.i;
    STRING_START_RE.lastIndex = start;
    const str = STRING_START_RE.exec(this.src);
    if (str) {
      this.string(start, str[1] ?? '', str[2] ?? "'");
      return;
    }
    NAME_RE.lastIndex = start;
    const name = NAME_RE.exec(this.src);
    if (name) {
      this.i += name[0].length;
      this.push(KEYWORDS.has(name[0]) ? 'keyword' : 'name', name[0], null, start);
      return;
    }
    NUMBER_RE.lastIndex = start;
    const num = NUMBER_RE.exec(this.src);
    if (num) {
      this.number(start, num[0]);
      return;
    }
    const op = OPERATORS.find((o) => this.src.startsWith(o, start));
    if (!op) throw this.error(`invalid character '${this.src[start]}'`, start);
    this.bracket(op, start);
    this.i += op.length;
    this.push('op', op, null, start);
  }

  private bracket(op: string, start: number): void {
    if (op === '(' || op === '[' || op === '{') {
      this.brackets.push({ ch: op, line: this.line, col: start - this.lineStart + 1 });
      return;
    }
    const opener = CLOSERS[op];
    if (opener === undefined) return;
    const open = this.brackets.pop();
    if (!open) throw this.error(`unmatched '${op}'`, start);
    if (open.ch !== opener) {
      throw this.error(`closing parenthesis '${op}' does not match opening parenthesis '${open.ch}'`, start);
    }
  }

  private number(start: number, text: string): void {
    const end = start + text.length;
    const next = this.src[end] ?? '';
    if (next === 'j' || next === 'J') throw unsupported('complex literal', this.line, start - this.lineStart + 1);
    if (/[\p{L}\p{N}_]/u.test(next)) throw this.error('invalid decimal literal', start);
    const clean = text.replace(/_/g, '');
    let value: bigint | number;
    if (/^0[xXoObB]/.test(clean)) value = BigInt(clean);
    else if (/[.eE]/.test(clean)) value = Number(clean);
    else {
      if (/^0+[1-9]/.test(clean)) {
        throw this.error('leading zeros in decimal integer literals are not permitted', start);
      }
      value = BigInt(clean);
    }
    this.i = end;
    this.push('number', text, value, start);
  }

  private string(start: number, prefix: string, quote: string): void {
    const p = prefix.toLowerCase();
    const col = start - this.lineStart + 1;
    if (p.includes('f')) throw unsupported('f-string', this.line, col);
    if (p.includes('b')) throw unsupported('bytes literal', this.line, col);
    const raw = p.includes('r');
    const startLine = this.line;
    let j = start + prefix.length + quote.length;
    let out = '';
    for (;;) {
      const c = this.src[j];
      if (c === undefined || (c === '\n' && quote.length === 1)) {
        throw syntaxError('unterminated string literal', startLine, col);
      }
      if (this.src.startsWith(quote, j)) break;
      if (c === '\n') {
        this.newline(j + 1);
        out += c;
        j++;
      } else if (c === '\\') {
        j = this.escape(j, raw, (s) => { out += s; });
      } else {
        out += c;
        j++;
      }
    }
    this.i = j + quote.length;
    this.tokens.push({ kind: 'string', text: this.src.slice(start, this.i), value: out, line: startLine, col });
  }

  /** Decodes the escape sequence at `j` (a backslash); returns the index after it. */
  private escape(j: number, raw: boolean, emit: (s: string) => void): number {
    const next = this.src[j + 1] ?? '';
    if (next === '\n') {
      this.newline(j + 2);
      if (raw) emit('\\\n');
      return j + 2;
    }
    if (raw) {
      emit('\\' + next);
      return j + 2;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      emit(simple);
      return j + 2;
    }
    const hexLen = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = this.src.slice(j + 2, j + 2 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) {
        throw this.error(`truncated \\${next} escape`, j);
      }
      emit(String.fromCodePoint(parseInt(hex, 16)));
      return j + 2 + hexLen;
    }
    const oct = /^[0-7]{1,3}/.exec(this.src.slice(j + 1, j + 4));
    if (oct) {
      emit(String.fromCodePoint(parseInt(oct[0], 8)));
      return j + 1 + oct[0].length;
    }
    if (next === 'N') throw unsupported('\\N{...} escape', this.line, j - this.lineStart + 1);
    emit('\\' + next);
    return j + 2;
  }

  private skipComment(): void {
    const end = this.src.indexOf('\n', this.i);
    this.i = end < 0 ? this.src.length : end;
  }

  private newline(next: number): void {
    this.i = next;
    this.line++;
    this.lineStart = next;
  }

  private push(kind: TokenKind, text: string, value: Token['value'], at: number): void {
    this.tokens.push({ kind, text, value, line: this.line, col: at - this.lineStart + 1 });
  }

  private error(msg: string, at: number): Error {
    return syntaxError(msg, this.line, at - this.lineStart + 1);
  }
}
