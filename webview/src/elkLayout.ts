// Runs elkjs (its bundled build: no web worker, nothing loaded from anywhere) on the graphs that
// gridLayout.ts builds. elk's own start-up is slow (half a second of GWT initialisation), so it is
// loaded on first use, after the grid has been painted: a dynamic import that esbuild keeps in the
// one bundle and evaluates lazily.
import type { ELK } from 'elkjs/lib/elk-api';
import type { Cell, GraphModel } from './graphModel';
import { chainGraph, macroGraph, readChain, readMacro, type ChainLayout, type GridGeometry, type MacroLayout } from './gridLayout';

let engine: Promise<ELK> | null = null;

function elk(): Promise<ELK> {
  engine ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    const Ctor = (m.default ?? m) as unknown as new () => ELK;
    return new Ctor();
  });
  return engine;
}

/** Lays out the nodes outside the steps around the grid. */
export async function layoutMacro(model: GraphModel, grid: GridGeometry | null): Promise<MacroLayout> {
  return readMacro(model, await (await elk()).layout(macroGraph(model, grid)));
}

/** Lays out one step's grad_fn chain. */
export async function layoutChain(model: GraphModel, cell: Cell): Promise<ChainLayout> {
  return readChain(model, cell, await (await elk()).layout(chainGraph(model, cell)));
}
