/**
 * A small evaluator for the subset of Python used by the PyTorch reference cases
 * (test tooling; the product runs real Python). See values.ts for the value representation
 * and host.ts for the PyHost interface.
 */
export type {
  BinaryOp, CompareOp, Expr, Module, SourceCompareOp, Stmt, UnaryOp,
} from './ast';
export { PyEvalError } from './errors';
export type { PyErrorKind } from './errors';
export { formatFloat, pyRepr, pyStr } from './format';
export type { PyHost } from './host';
export { createRuntime, evalPython, runModule, runPython } from './interpreter';
export { mathModule } from './mathModule';
export type { Runtime } from './runtime';
export { parseExpression, parsePython } from './parser';
export { iteratePy, sliceIndices } from './sequences';
export type { SliceBounds } from './sequences';
export { tokenize } from './tokenizer';
export type { Token, TokenKind } from './tokenizer';
export {
  PyBuiltin, PyCallable, PyEllipsisType, PyIterator, PyModule, PyObject, PyRange, PySlice, PyTuple,
  PyType, isHost, isNative, nativeTypeName, pyEllipsis, pyTuple,
} from './values';
export { PyLambda } from './evaluate';

/** The `code` field of a reference case (a string or a list of lines) as one source string. */
export function codeToSource(code: string | readonly string[]): string {
  return typeof code === 'string' ? code : code.join('\n');
}
