// Run through `npm run bench`, which bundles the benchmarks with the engine (what ships) into dist/bench.js; paths are from the repository root.
// `npm run bench`: prints throughput tables. Numbers, never pass/fail.
import { benchEngineOps } from './engineOps';
import { printTable } from './harness';
import { printPanelLayoutBench } from './panelLayout';
import { printPythonBench } from './python';
import { printPytorchBench } from './pytorchCompare';
import { printRecordingBench } from './recording';
import { printTrainingStepBench } from './trainingStep';

printTable('Engine ops (single thread, this machine)', benchEngineOps());
printTrainingStepBench();
printRecordingBench();
void printPanelLayoutBench().then(printPythonBench).then(printPytorchBench);
