/** The interface through which the evaluator reaches host objects (tensors, modules, torch). */
import type { BinaryOp, CompareOp, UnaryOp } from './ast';

/**
 * A host object is any value that is not a Python-native value (see values.ts). The evaluator
 * calls the host only when a host object is involved, and never for native-only operations.
 * Arguments and results are Python values in the values.ts representation: ints MUST be bigint
 * (a JS number is a float), tuples PyTuple, lists arrays, None null. A result of `undefined`
 * means None for `call`, and "not supported" elsewhere (turned into a Python TypeError /
 * AttributeError). Anything the host throws is wrapped into a located PyEvalError (kind
 * 'runtime', original in `cause`). The builtins len/abs/float/int/round on a host object call its
 * `__len__`/`__abs__`/`__float__`/`__int__`/`__round__` (getAttr, then call); `with` calls
 * `__enter__`/`__exit__` the same way.
 */
export interface PyHost {
  /** `obj.name`; undefined = no such attribute (AttributeError). */
  getAttr(obj: unknown, name: string): unknown;
  /** `obj.name = value`. */
  setAttr(obj: unknown, name: string, value: unknown): void;
  /** Calls anything that is not a PyCallable (torch functions, classes, bound methods...). */
  call(fn: unknown, args: unknown[], kwargs: Map<string, unknown>): unknown;
  /** `a op b` where a or b is a host object (covers reflected ops like `2.5 - t`). */
  binary(op: BinaryOp, a: unknown, b: unknown): unknown;
  /** `a op= b` where a is a host object; optional, defaults to `binary` (no in-place update). */
  inplace?(op: BinaryOp, a: unknown, b: unknown): unknown;
  /** `-a`, `+a`, `~a` on a host object. */
  unary(op: UnaryOp, a: unknown): unknown;
  /**
   * Rich comparison where a or b is a host object; for 'in' (`a in b`), b is the host
   * container. `not in` is `not (a in b)`; `is`/`is not` never reach the host.
   */
  compare(op: CompareOp, a: unknown, b: unknown): unknown;
  /** `obj[key]`; key is bigint, PySlice, null (newaxis), pyEllipsis, a host object, a list, or a PyTuple of those. */
  getItem(obj: unknown, key: unknown): unknown;
  setItem(obj: unknown, key: unknown, value: unknown): void;
  /** `for x in obj`, unpacking, list(obj), ... */
  iterate(obj: unknown): Iterable<unknown>;
  /** `if obj`, `not obj`, `and`/`or`. */
  truthy(obj: unknown): boolean;
  /** `import name` / `from name import x`; undefined = unknown to the host (then `math` is built in). */
  importModule(name: string): unknown;
  /** `str(obj)`, `print(obj)`. */
  str(obj: unknown): string;
  /** `repr(obj)`, and elements of printed lists/tuples/dicts. */
  repr(obj: unknown): string;
  /** `print(...)`: the full text including `end` (default '\n'). */
  print(text: string): void;
  /** `isinstance(obj, cls)` for a host class; optional (TypeError when absent). */
  isInstance?(obj: unknown, cls: unknown): boolean;
}
