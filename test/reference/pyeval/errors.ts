/** Errors raised by the Python-subset evaluator. */

export type PyErrorKind = 'syntax' | 'unsupported' | 'name' | 'type' | 'runtime';

function formatMessage(detail: string, line: number, col: number): string {
  return line > 0 ? `${detail} (line ${line}, col ${col})` : detail;
}

/**
 * Every failure of the evaluator. `detail` is the message without position: it starts with
 * "unsupported: " for constructs outside the subset, and with a Python exception name
 * ("SyntaxError: ", "NameError: ", "TypeError: ", "ZeroDivisionError: ", ...) otherwise.
 * `line` and `col` are 1-based (0 while unknown); `message` is `detail (line L, col C)`.
 * Errors thrown by the host are wrapped as kind 'runtime' with the original in `cause`.
 */
export class PyEvalError extends Error {
  override readonly name = 'PyEvalError';
  readonly kind: PyErrorKind;
  readonly detail: string;
  line: number;
  col: number;

  constructor(kind: PyErrorKind, detail: string, line = 0, col = 0, cause?: unknown) {
    super(formatMessage(detail, line, col), cause === undefined ? undefined : { cause });
    this.kind = kind;
    this.detail = detail;
    this.line = line;
    this.col = col;
  }

  /** Sets the position if it is still unknown (the innermost node wins). */
  locate(line: number, col: number): this {
    if (this.line === 0) {
      this.line = line;
      this.col = col;
      this.message = formatMessage(this.detail, line, col);
    }
    return this;
  }
}

export function unsupported(what: string, line = 0, col = 0): PyEvalError {
  return new PyEvalError('unsupported', `unsupported: ${what}`, line, col);
}

export function syntaxError(msg: string, line: number, col: number): PyEvalError {
  return new PyEvalError('syntax', `SyntaxError: ${msg}`, line, col);
}

export function typeError(msg: string): PyEvalError {
  return new PyEvalError('type', `TypeError: ${msg}`);
}

export function attributeError(msg: string): PyEvalError {
  return new PyEvalError('type', `AttributeError: ${msg}`);
}

export function nameError(name: string): PyEvalError {
  return new PyEvalError('name', `NameError: name '${name}' is not defined`);
}

/** A Python exception other than TypeError/NameError, e.g. runtimeError('ValueError', '...'). */
export function runtimeError(pyType: string, msg: string): PyEvalError {
  return new PyEvalError('runtime', `${pyType}: ${msg}`);
}

/** Turns anything thrown while evaluating a node into a located PyEvalError. */
export function locateError(err: unknown, line: number, col: number): unknown {
  if (err instanceof PyEvalError) return err.locate(line, col);
  if (err instanceof Error) {
    return new PyEvalError('runtime', `${err.name}: ${err.message}`, line, col, err);
  }
  return err;
}
