// `npm run bench`: prints throughput tables. Numbers, never pass/fail.
import { benchEngineOps } from './engineOps';
import { printTable } from './harness';

printTable('Engine ops (single thread, this machine)', benchEngineOps());
