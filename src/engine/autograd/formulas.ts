// The one table of backward formulas, keyed by PyTorch 1.13's grad_fn class name. `record()`
// takes a `GradFnName`, so an op whose formula is missing does not compile.
import type { BackwardFn } from './node';
import { lossFormulas } from './formulas/losses';
import { pointwiseFormulas } from './formulas/pointwise';
import { pointwiseExtraFormulas } from './formulas/pointwiseExtra';
import { structuralFormulas } from './formulas/structural';
import { structuralExtraFormulas } from './formulas/structuralExtra';
import { roundingFormulas } from './formulas/rounding';

export const formulas = { ...pointwiseFormulas, ...pointwiseExtraFormulas, ...structuralFormulas, ...structuralExtraFormulas, ...roundingFormulas, ...lossFormulas } satisfies Record<string, BackwardFn>;

/** A grad_fn class name the engine can record. e.g. `'AddmmBackward0'` */
export type GradFnName = keyof typeof formulas;
