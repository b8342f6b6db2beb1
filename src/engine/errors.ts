// Structured errors worded as PyTorch words them. Later layers attach the user's source line.

/** What went wrong, for tools that react to errors (the Problems panel, the trace). */
export type TorchErrorKind =
  | 'shape'
  | 'dtype'
  | 'dim'
  | 'index'
  | 'autograd'
  | 'value'
  | 'type'
  | 'unsupported'
  | 'budget'
  | 'cancelled';

/** The Python exception class PyTorch would raise. */
export type PyErrorType = 'RuntimeError' | 'IndexError' | 'ValueError' | 'TypeError' | 'NotImplementedError' | 'KeyError' | 'AssertionError';

export interface TorchErrorInfo {
  kind: TorchErrorKind;
  /** The op that raised, e.g. `'mm'`. */
  op?: string;
  /** The shapes involved, in argument order. */
  shapes?: number[][];
  pyType?: PyErrorType;
}

/** An engine error: `message` is PyTorch's wording; `kind`, `op` and `shapes` are for tools. */
export class TorchError extends Error {
  readonly kind: TorchErrorKind;
  readonly op?: string;
  readonly shapes?: number[][];
  readonly pyType: PyErrorType;

  constructor(message: string, info: TorchErrorInfo) {
    super(message);
    this.name = 'TorchError';
    this.kind = info.kind;
    this.op = info.op;
    this.shapes = info.shapes;
    this.pyType = info.pyType ?? defaultPyType(info.kind);
  }
}

function defaultPyType(kind: TorchErrorKind): PyErrorType {
  switch (kind) {
    case 'dim':
    case 'index':
      return 'IndexError';
    case 'value':
      return 'ValueError';
    case 'type':
      return 'TypeError';
    case 'unsupported':
      return 'NotImplementedError';
    default:
      return 'RuntimeError';
  }
}

/** Throws a RuntimeError-kind TorchError unless `cond`. e.g. `check(n > 0, 'shape', 'empty')` */
export function check(cond: boolean, kind: TorchErrorKind, message: string, op?: string, shapes?: number[][]): asserts cond {
  if (!cond) throw new TorchError(message, { kind, op, shapes });
}
