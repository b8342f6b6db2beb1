/** Cursor over the token list, shared by the expression and statement parsers. */
import { syntaxError, unsupported } from './errors';
import type { PyEvalError } from './errors';
import type { Pos } from './ast';
import type { Token } from './tokenizer';

export class TokenStream {
  private index = 0;
  /** Depth of enclosing `for` loops, to reject a stray `break`/`continue`. */
  loopDepth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    const last = this.tokens[this.tokens.length - 1];
    const tok = this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] ?? last;
    if (!tok) throw new Error('empty token stream');
    return tok;
  }

  next(): Token {
    const tok = this.peek();
    if (tok.kind !== 'eof') this.index++;
    return tok;
  }

  isOp(text: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok.kind === 'op' && tok.text === text;
  }

  isKeyword(text: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok.kind === 'keyword' && tok.text === text;
  }

  acceptOp(text: string): boolean {
    if (!this.isOp(text)) return false;
    this.index++;
    return true;
  }

  acceptKeyword(text: string): boolean {
    if (!this.isKeyword(text)) return false;
    this.index++;
    return true;
  }

  expectOp(text: string): Token {
    if (!this.isOp(text)) throw this.unexpected(`expected '${text}'`);
    return this.next();
  }

  expectKeyword(text: string): Token {
    if (!this.isKeyword(text)) throw this.unexpected(`expected '${text}'`);
    return this.next();
  }

  expectName(): string {
    const tok = this.peek();
    if (tok.kind !== 'name') throw this.unexpected('expected a name');
    this.index++;
    return tok.text;
  }

  /** A syntax error at the current token. */
  unexpected(hint = 'invalid syntax'): PyEvalError {
    const tok = this.peek();
    const what = tok.kind === 'eof' ? 'unexpected end of input'
      : tok.kind === 'indent' ? 'unexpected indent'
        : tok.kind === 'newline' ? `${hint} (at end of line)`
          : hint;
    return syntaxError(what, tok.line, tok.col);
  }

  unsupportedHere(what: string, at: Pos = this.peek()): PyEvalError {
    return unsupported(what, at.line, at.col);
  }
}

export function posOf(tok: Token): Pos {
  return { line: tok.line, col: tok.col };
}
