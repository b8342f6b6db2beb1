/** AST of the Python subset. Every node has the 1-based line/col of its first token. */

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '&' | '|' | '^' | '<<' | '>>';
export type UnaryOp = '-' | '+' | '~';
/** Comparisons the host may be asked about ('a in b' is compare('in', a, b)). */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';
/** Comparisons as written in source. */
export type SourceCompareOp = CompareOp | 'not in' | 'is' | 'is not';

export interface Pos {
  readonly line: number;
  readonly col: number;
}

export interface NumberLit extends Pos { readonly kind: 'number'; readonly value: bigint | number }
export interface StringLit extends Pos { readonly kind: 'string'; readonly value: string }
export interface ConstantLit extends Pos { readonly kind: 'constant'; readonly value: boolean | null }
export interface EllipsisLit extends Pos { readonly kind: 'ellipsis' }
export interface Name extends Pos { readonly kind: 'name'; readonly id: string }
export interface Attribute extends Pos { readonly kind: 'attribute'; readonly object: Expr; readonly attr: string }
export interface Subscript extends Pos { readonly kind: 'subscript'; readonly object: Expr; readonly index: Expr }
/** Only appears as a subscript index or an element of a tuple index. */
export interface Slice extends Pos {
  readonly kind: 'slice';
  readonly lower: Expr | null;
  readonly upper: Expr | null;
  readonly step: Expr | null;
}
export type Arg =
  | { readonly kind: 'positional'; readonly value: Expr }
  | { readonly kind: 'keyword'; readonly name: string; readonly value: Expr }
  | { readonly kind: 'star'; readonly value: Expr }
  | { readonly kind: 'doubleStar'; readonly value: Expr };
export interface Call extends Pos { readonly kind: 'call'; readonly func: Expr; readonly args: readonly Arg[] }
export interface Binary extends Pos {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}
export interface Unary extends Pos { readonly kind: 'unary'; readonly op: UnaryOp | 'not'; readonly operand: Expr }
export interface BoolOp extends Pos { readonly kind: 'boolean'; readonly op: 'and' | 'or'; readonly values: readonly Expr[] }
export interface Compare extends Pos {
  readonly kind: 'compare';
  readonly left: Expr;
  readonly ops: readonly SourceCompareOp[];
  readonly comparators: readonly Expr[];
}
export interface Conditional extends Pos {
  readonly kind: 'conditional';
  readonly test: Expr;
  readonly body: Expr;
  readonly orelse: Expr;
}
export interface TupleExpr extends Pos { readonly kind: 'tuple'; readonly elts: readonly Expr[] }
export interface ListExpr extends Pos { readonly kind: 'list'; readonly elts: readonly Expr[] }
export interface DictExpr extends Pos {
  readonly kind: 'dict';
  readonly entries: readonly { readonly key: Expr; readonly value: Expr }[];
}
export interface Comprehension {
  readonly target: Expr;
  readonly iter: Expr;
  readonly ifs: readonly Expr[];
}
export interface ListComp extends Pos {
  readonly kind: 'listComp';
  readonly elt: Expr;
  readonly generators: readonly Comprehension[];
}
export interface GeneratorExp extends Pos {
  readonly kind: 'generator';
  readonly elt: Expr;
  readonly generators: readonly Comprehension[];
}
export interface Param { readonly name: string; readonly default: Expr | null }
export interface Lambda extends Pos { readonly kind: 'lambda'; readonly params: readonly Param[]; readonly body: Expr }

export type Expr =
  | NumberLit | StringLit | ConstantLit | EllipsisLit | Name | Attribute | Subscript | Slice | Call
  | Binary | Unary | BoolOp | Compare | Conditional | TupleExpr | ListExpr | DictExpr | ListComp
  | GeneratorExp | Lambda;

export interface Assign extends Pos { readonly kind: 'assign'; readonly targets: readonly Expr[]; readonly value: Expr }
export interface AugAssign extends Pos {
  readonly kind: 'augAssign';
  readonly target: Expr;
  readonly op: BinaryOp;
  readonly value: Expr;
}
export interface ExprStmt extends Pos { readonly kind: 'expr'; readonly value: Expr }
export interface For extends Pos {
  readonly kind: 'for';
  readonly target: Expr;
  readonly iter: Expr;
  readonly body: readonly Stmt[];
}
export interface If extends Pos {
  readonly kind: 'if';
  readonly test: Expr;
  readonly body: readonly Stmt[];
  readonly orelse: readonly Stmt[];
}
export interface WithItem { readonly context: Expr; readonly target: Expr | null }
export interface With extends Pos { readonly kind: 'with'; readonly items: readonly WithItem[]; readonly body: readonly Stmt[] }
export interface Alias { readonly name: string; readonly asname: string | null }
export interface Import extends Pos { readonly kind: 'import'; readonly names: readonly Alias[] }
export interface ImportFrom extends Pos { readonly kind: 'importFrom'; readonly module: string; readonly names: readonly Alias[] }
export interface Assert extends Pos { readonly kind: 'assert'; readonly test: Expr; readonly msg: Expr | null }
export interface Simple extends Pos { readonly kind: 'pass' | 'break' | 'continue' }

export type Stmt = Assign | AugAssign | ExprStmt | For | If | With | Import | ImportFrom | Assert | Simple;

export interface Module { readonly kind: 'module'; readonly body: readonly Stmt[] }
