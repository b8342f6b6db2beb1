// `tensor.grad_fn` as Python sees it: `<AddBackward0 object at 0x...>` with `next_functions`.
import { AccumulateGrad, type Node } from '../../../src/engine';
import { PyTuple } from '../pyeval';

const wrappers = new WeakMap<Node, GradFnObj>();

/** A grad_fn node seen from Python. */
export class GradFnObj {
  private constructor(readonly node: Node) {}

  /** The one wrapper of a node, so `is` and printing stay stable. */
  static of(node: Node | null): GradFnObj | null {
    if (node === null) return null;
    let w = wrappers.get(node);
    if (!w) wrappers.set(node, (w = new GradFnObj(node)));
    return w;
  }

  /** A fake but stable address derived from the node id. */
  get address(): string {
    return `0x7f${(0x10000000 + this.node.id * 48).toString(16)}`;
  }

  toString(): string {
    return `<${this.node.name} object at ${this.address}>`;
  }

  getAttr(name: string): unknown {
    switch (name) {
      case 'next_functions':
        return new PyTuple(this.node.nextFunctions.map(([n, i]) => new PyTuple([GradFnObj.of(n), BigInt(i)])));
      case 'variable':
        return this.node instanceof AccumulateGrad ? this.node.variable : undefined;
      case '__class__':
        return { __name__: this.node.name };
      default:
        return undefined;
    }
  }
}
