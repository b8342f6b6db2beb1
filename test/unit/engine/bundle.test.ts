// The engine builds to one self-contained bundle that loads in a worker (and so in a browser):
// no imports, no Node built-ins.
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';

describe('engine bundle', () => {
  let code = '';

  before(async () => {
    const result = await esbuild.build({
      entryPoints: ['src/engine/index.ts'],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    code = result.outputFiles[0].text;
  });

  it('has no import or require of anything', () => {
    assert.doesNotMatch(code, /\bimport\s*\(|\brequire\s*\(|^\s*import\s.+from\s/m);
  });

  it('runs the tutorial computation inside a worker thread', async () => {
    const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
    const src = `
      const { parentPort } = await import('node:worker_threads');
      const { torch } = await import(${JSON.stringify(url)});
      torch.manualSeed(0);
      const w = torch.randn(5, 3, { requiresGrad: true });
      const b = torch.randn(3, { requiresGrad: true });
      const z = torch.matmul(torch.ones(5), w).add(b);
      z.sum().backward();
      parentPort.postMessage({ z: String(z), grad: String(b.grad) });
    `;
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(src)}`));
    const msg = await new Promise<{ z: string; grad: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.equal(msg.z, 'tensor([ 1.3755, -0.6023, -4.8127], grad_fn=<AddBackward0>)');
    assert.equal(msg.grad, 'tensor([1., 1., 1.])');
  });
});
