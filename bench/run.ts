// Run through `npm run bench`, which bundles the benchmarks with the engine (what ships) into dist/bench.js; paths are from the repository root.
// `npm run bench`: prints throughput tables. Numbers, never pass/fail.
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { DEFAULT_LIMITS } from '../src/runtime/runner';
import { workerResourceLimits } from '../src/runtime/workerLimits';
import { benchEngineOps } from './engineOps';
import { printTable } from './harness';
import { printPanelLayoutBench } from './panelLayout';
import { printPythonBench } from './python';
import { printPytorchBench } from './pytorchCompare';
import { printRecordingBench } from './recording';
import { printTrainingStepBench } from './trainingStep';

/** Runs this bundle's `part` in a worker with a script worker's heap (what a traced run gets). */
function inScriptWorker(part: string): Promise<void> {
  return new Promise((done, fail) => {
    const w = new Worker(__filename, { workerData: part, resourceLimits: workerResourceLimits(DEFAULT_LIMITS.heapMb) });
    w.on('error', fail);
    w.on('exit', () => done());
  });
}

if (!isMainThread && workerData === 'recording') {
  printRecordingBench();
} else {
  printTable('Engine ops (single thread, this machine)', benchEngineOps());
  printTrainingStepBench();
  void inScriptWorker('recording').then(printPanelLayoutBench).then(printPythonBench).then(printPytorchBench);
}
