// Checks of a Trace as a document, shared by every producer's tests: it validates against
// src/trace/trace.schema.json after a JSON round trip (so no NaN/Inf may hide in it), and its graph is
// well formed (unique ids, edges and roots that exist, AccumulateGrad ⇄ parameter links both ways).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { Trace } from '../../../src/trace/types';

export const SCHEMA_PATH = join(__dirname, '../../../src/trace/trace.schema.json');
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object;

/** The schema's validator. */
export const validateTrace = new Ajv({ strict: false, allErrors: true }).compile(schema);

export function roundTrip(t: Trace): unknown {
  return JSON.parse(JSON.stringify(t));
}

/** The Trace validates against the schema. */
export function assertValid(trace: Trace): void {
  const ok = validateTrace(roundTrip(trace));
  assert.ok(ok, JSON.stringify(validateTrace.errors?.slice(0, 5), null, 1));
}

/** Ids unique, every edge endpoint and root exists, AccumulateGrad ⇄ parameter links agree. */
export function assertGraph(trace: Trace): void {
  const ids = new Set<string>();
  for (const n of trace.graph.nodes) {
    assert.ok(!ids.has(n.id), `duplicate node id ${n.id}`);
    ids.add(n.id);
  }
  for (const e of trace.graph.edges) {
    assert.ok(ids.has(e.from), `edge from missing ${e.from}`);
    assert.ok(ids.has(e.to), `edge to missing ${e.to}`);
  }
  for (const r of trace.graph.roots) assert.ok(ids.has(r), `root ${r} missing`);
  const params = new Map(trace.model.parameters.map((p) => [p.name, p]));
  const byId = new Map(trace.graph.nodes.map((n) => [n.id, n]));
  for (const n of trace.graph.nodes) {
    if (n.name !== 'AccumulateGrad') {
      assert.equal(n.leaf, undefined, `${n.id} ${n.name} has a leaf`);
      continue;
    }
    assert.ok(n.leaf, `AccumulateGrad ${n.id} without leaf`);
    if (n.leaf.startsWith('input:')) continue;
    const p = params.get(n.leaf);
    assert.ok(p, `AccumulateGrad ${n.id} names ${n.leaf}, not a parameter`);
    assert.equal(p.node, n.id, `${p.name}.node = ${p.node}, AccumulateGrad is ${n.id}`);
    assert.deepEqual(n.shape, p.shape);
  }
  for (const p of trace.model.parameters) {
    if (p.node === undefined) continue;
    const n = byId.get(p.node);
    assert.ok(n, `${p.name}.node ${p.node} missing`);
    assert.equal(n.name, 'AccumulateGrad');
    assert.equal(n.leaf, p.name);
  }
}
