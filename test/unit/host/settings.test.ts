// Settings → run options, and that they reach the worker: limits stop a runaway script, the
// thresholds decide the findings.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, readSettings, runOptionsFrom } from '../../../src/host/settings';
import { runScript } from '../../../src/runtime/runner';
import { DEFAULT_DIAGNOSTIC_OPTIONS } from '../../../src/trace/diagnostics';
import { example, ROOT } from './traces';

const getter =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

describe('host/settings', () => {
  it('fills defaults that match the recorder and the package.json contribution', () => {
    const s = readSettings(getter({}));
    assert.deepEqual(s, DEFAULT_SETTINGS);
    assert.deepEqual(s.thresholds, DEFAULT_DIAGNOSTIC_OPTIONS);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require(join(ROOT, 'package.json')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
    const props = pkg.contributes.configuration.properties;
    const d = (k: string): unknown => props[`bptt-lens.${k}`]?.default;
    assert.equal(d('timeoutSeconds'), s.timeoutSeconds);
    assert.equal(d('memoryLimitMb'), s.memoryLimitMb);
    assert.equal(d('maxRecordedTensorSize'), s.maxRecordedTensorSize);
    assert.equal(d('autoRunOnSave'), false);
    assert.equal(d('inlineValues.enabled'), true);
    assert.equal(d('runs.maxKept'), s.maxRuns);
    for (const [k, v] of Object.entries(s.thresholds)) assert.equal(d(`thresholds.${k}`), v, k);
    assert.equal(d('backend'), s.backend);
    assert.equal(d('pythonPath'), s.pythonPath);
    assert.equal(d('pytorch.fused'), s.fused);
  });

  it('keeps the interpreter path machine-scoped, so a workspace cannot choose the program that runs', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require(join(ROOT, 'package.json')) as { contributes: { configuration: { properties: Record<string, { scope?: string }> } } };
    assert.equal(pkg.contributes.configuration.properties['bptt-lens.pythonPath'].scope, 'machine');
    const s = readSettings(getter({ backend: 'pytorch', pythonPath: '  /opt/py/bin/python  ', 'pytorch.fused': true }));
    assert.equal(s.backend, 'pytorch');
    assert.equal(s.pythonPath, '/opt/py/bin/python');
    assert.equal(s.fused, true);
    assert.equal(readSettings(getter({ backend: 'cuda' })).backend, 'embedded');
  });

  it('ignores values of the wrong type and clamps the rest', () => {
    const s = readSettings(getter({ timeoutSeconds: 'soon', memoryLimitMb: 1, 'thresholds.saturationLimit': 7, autoRunOnSave: 'yes', 'inlineValues.enabled': false }));
    assert.equal(s.timeoutSeconds, 60);
    assert.equal(s.memoryLimitMb, 16);
    assert.equal(s.thresholds.saturationLimit, 1);
    assert.equal(s.autoRunOnSave, false);
    assert.equal(s.inlineValuesEnabled, false);
  });

  it('turns settings into run options', () => {
    const s = readSettings(getter({ timeoutSeconds: 2.5, memoryLimitMb: 300, maxRecordedTensorSize: 10, 'thresholds.ratio': 50 }));
    assert.deepEqual(runOptionsFrom(s, true), {
      trace: true,
      timeoutMs: 2500,
      tensorMb: 300,
      maxValueElements: 10,
      diagnostics: { ...DEFAULT_DIAGNOSTIC_OPTIONS, ratio: 50 },
    });
    assert.equal(runOptionsFrom(s, false).trace, false);
  });

  it('passes the thresholds to the recorder in the worker', async () => {
    const file = example('explodingDemo');
    const loose = readSettings(getter({ 'thresholds.ratio': 1e300, 'thresholds.gradNormLimit': 1e300 }));
    const strict = await runScript(file, runOptionsFrom(readSettings(getter({})), true));
    const relaxed = await runScript(file, runOptionsFrom(loose, true));
    assert.ok(strict.trace?.diagnostics.some((d) => d.kind === 'exploding'));
    assert.ok(relaxed.trace);
    assert.equal(relaxed.trace.diagnostics.filter((d) => d.kind === 'exploding').length, 0);
  });

  it('stops a runaway script at the timeout setting, without blocking this thread', async () => {
    const opts = runOptionsFrom(readSettings(getter({ timeoutSeconds: 1 })), false);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    const out = await runScript(join(ROOT, 'test/fixtures/scripts/runaway.js'), opts);
    clearInterval(timer);
    assert.equal(out.status, 'timeout');
    assert.ok(ticks >= 10, `the caller's event loop ran on (${ticks} ticks)`);
  });
});
