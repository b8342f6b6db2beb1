// The PyHost that runs reference `code` on the engine: tensors, grad_fns, torch.Size, dtypes,
// context managers, and whatever Python objects the nn/optim bindings add.
import { Tensor, torch, type DType } from '../../../src/engine';
import type { IndexItem } from '../../../src/engine/ops/indexing';
import { PyBuiltin, PyEllipsisType, PySlice, PyTuple, type BinaryOp, type CompareOp, type PyHost } from '../pyeval';
import { DTypeObj, TorchSize, UnsupportedError, describe, num, operand } from './convert';
import { binaryOp, GradModeContext } from './functions';
import { GradFnObj } from './gradFn';
import { setTensorAttr, tensorAttr } from './tensorAttrs';
import { jsAttr } from './nn';
import { floorDivideOf, remainderOf } from './extra';

/** Python-visible objects implemented in JS expose these. */
export interface HostObject {
  getAttr(name: string): unknown;
  setAttr?(name: string, value: unknown): void;
  call?(args: unknown[], kwargs: Map<string, unknown>): unknown;
  toString(): string;
}

function isHostObject(v: unknown): v is HostObject {
  return typeof v === 'object' && v !== null && typeof (v as HostObject).getAttr === 'function' && !(v instanceof Tensor);
}

function indexItem(k: unknown): IndexItem {
  if (typeof k === 'bigint') return Number(k);
  if (typeof k === 'boolean') throw new UnsupportedError('indexing with a Python bool');
  if (k === null) return null;
  if (k instanceof PyEllipsisType) return '...';
  if (k instanceof Tensor) return k;
  if (k instanceof PySlice) {
    const part = (v: unknown): number | null => (v === null ? null : num(v));
    return torch.sl(part(k.start), part(k.stop), part(k.step));
  }
  if (Array.isArray(k)) return torch.tensor(k.map((x) => num(x)), { dtype: 'int64' });
  throw new TypeError(`only integers, slices, ellipsis, None and tensors are valid indices (got ${describe(k)})`);
}

function scalarOf(v: unknown): number {
  return num(v);
}

function tensorBinary(op: BinaryOp, a: unknown, b: unknown): unknown {
  switch (op) {
    case '+':
      return binaryOp('add', a, b);
    case '-':
      return binaryOp('sub', a, b);
    case '*':
      return binaryOp('mul', a, b);
    case '/':
      return binaryOp('div', a, b);
    case '%':
      return remainderOf(a, b);
    case '//':
      return floorDivideOf(a, b);
    case '@':
      return torch.matmul(a as Tensor, b as Tensor);
    case '**':
      if (a instanceof Tensor) return torch.pow(a, operand(b));
      return torch.scalarPow(scalarOf(a), b as Tensor);
    default:
      throw new UnsupportedError(`operator ${op} on tensors`);
  }
}

function tensorCompare(op: CompareOp, a: unknown, b: unknown): unknown {
  const [x, y, flip] = a instanceof Tensor ? [a, operand(b), false] : [b as Tensor, operand(a), true];
  const o = flip ? ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, CompareOp>)[op] ?? op : op;
  switch (o) {
    case '==':
      return torch.eq(x, y);
    case '!=':
      return torch.ne(x, y);
    case '<':
      return torch.lt(x, y);
    case '<=':
      return torch.le(x, y);
    case '>':
      return torch.gt(x, y);
    case '>=':
      return torch.ge(x, y);
    default:
      throw new UnsupportedError(`'${op}' on a tensor`);
  }
}

/** Makes the host; `out` receives printed text. */
export function createTorchHost(out: (text: string) => void): PyHost {
  return {
    getAttr(obj, name) {
      if (obj instanceof Tensor) return tensorAttr(obj, name);
      if (obj instanceof GradFnObj) return obj.getAttr(name);
      if (obj instanceof GradModeContext) {
        if (name === '__enter__') return new PyBuiltin('__enter__', () => (obj.enter(), null));
        if (name === '__exit__') return new PyBuiltin('__exit__', () => (obj.exit(), false));
      }
      if (obj instanceof TorchSize && name === 'numel') return new PyBuiltin('numel', () => BigInt(obj.dims.reduce((p, q) => p * q, 1)));
      if (isHostObject(obj)) return obj.getAttr(name);
      if (typeof obj === 'object' && obj !== null) return jsAttr(obj, name);
      return undefined;
    },
    setAttr(obj, name, value) {
      if (obj instanceof Tensor) return setTensorAttr(obj, name, value);
      if (isHostObject(obj) && obj.setAttr) return obj.setAttr(name, value);
      throw new UnsupportedError(`setting attribute ${name} on ${describe(obj)}`);
    },
    call(fn, args, kwargs) {
      if (isHostObject(fn) && fn.call) return fn.call(args, kwargs);
      throw new TypeError(`'${describe(fn)}' object is not callable`);
    },
    binary(op, a, b) {
      if (a instanceof Tensor || b instanceof Tensor) return tensorBinary(op, a, b);
      if (a instanceof TorchSize && b instanceof TorchSize && op === '+') return new TorchSize([...a.dims, ...b.dims]);
      return undefined;
    },
    unary(op, a) {
      if (!(a instanceof Tensor)) return undefined;
      if (op === '-') return a.neg();
      if (op === '+') return a;
      return a.logicalNot();
    },
    compare(op, a, b) {
      if (a instanceof Tensor || b instanceof Tensor) return tensorCompare(op, a, b);
      if (a instanceof TorchSize || b instanceof TorchSize) {
        const dims = (v: unknown): string => (v instanceof TorchSize ? v.dims.join(',') : v instanceof PyTuple ? v.items.map((x) => num(x)).join(',') : '?');
        if (op === '==') return dims(a) === dims(b);
        if (op === '!=') return dims(a) !== dims(b);
      }
      if (a instanceof DTypeObj && b instanceof DTypeObj && (op === '==' || op === '!=')) return (a.dtype === b.dtype) === (op === '==');
      return undefined;
    },
    getItem(obj, key) {
      if (obj instanceof Tensor) {
        const items = key instanceof PyTuple ? key.items.map(indexItem) : [indexItem(key)];
        return obj.index(...items);
      }
      if (obj instanceof TorchSize) return BigInt(obj.dims.at(Number(key)) ?? NaN);
      if (isHostObject(obj)) {
        const gi = obj.getAttr('__getitem__') as PyBuiltin | undefined;
        if (gi) return gi.invoke([key], new Map());
      }
      return undefined;
    },
    setItem(obj, key, value) {
      if (obj instanceof Tensor) {
        const items = key instanceof PyTuple ? key.items.map(indexItem) : [indexItem(key)];
        const view = obj.index(...items);
        if (view.gradFn !== null || obj.requiresGrad) throw new UnsupportedError('item assignment on a tensor that requires grad');
        if (value instanceof Tensor) view.copy_(value);
        else view.fill_(num(value));
        return;
      }
      throw new UnsupportedError(`item assignment on ${describe(obj)}`);
    },
    iterate(obj) {
      if (obj instanceof Tensor) return obj.unbind(0);
      if (obj instanceof TorchSize) return obj.dims.map((d) => BigInt(d));
      if (isHostObject(obj)) {
        const it = obj.getAttr('__iter__') as PyBuiltin | undefined;
        if (it) return it.invoke([], new Map()) as Iterable<unknown>;
      }
      throw new TypeError(`'${describe(obj)}' object is not iterable`);
    },
    truthy(obj) {
      if (obj instanceof Tensor) {
        if (obj.numel() !== 1) throw new Error('Boolean value of Tensor with more than one value is ambiguous');
        return obj.item() !== 0;
      }
      if (obj instanceof TorchSize) return obj.dims.length > 0;
      return true;
    },
    importModule() {
      return undefined;
    },
    str(obj) {
      return String(obj);
    },
    repr(obj) {
      return String(obj);
    },
    print(text) {
      out(text);
    },
  };
}

/** The dtype name Python would print for an engine dtype. */
export function dtypeName(d: DType): string {
  return `torch.${d}`;
}
