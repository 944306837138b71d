import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from './init-backend';

describe('initBackend in Node', () => {
  it('starts wasm with SIMD by default and lists the kernels ftheta installed', async () => {
    const warnings: string[] = [];
    const info = await initBackend({ onWarning: (w) => warnings.push(w) });
    expect(info).toMatchObject({ name: 'wasm', environment: 'node', simd: true, threads: 1, webglVersion: null, webglRenderer: null, float32Render: null, tfjsVersion: '4.22.0' });
    expect(info.kernels.map((k) => k.kernel)).toEqual(expect.arrayContaining(['BatchMatMul', 'Slice', 'UnsortedSegmentSum']));
    expect(info.kernels.find((k) => k.kernel === 'UnsortedSegmentSum')?.why).toBe('missing');
    expect(warnings).toEqual([]);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('starts cpu when asked, without ftheta kernels', async () => {
    const info = await initBackend({ prefer: 'cpu' });
    expect(info).toMatchObject({ name: 'cpu', simd: false, kernels: [] });
    await initBackend();
  });

  it('rejects bad options with the bad value in the message', async () => {
    await expect(initBackend({ prefer: 'gpu' as never })).rejects.toThrow(/"gpu"/);
    await expect(initBackend({ threads: 0 })).rejects.toThrow(/threads must be a positive integer, got 0/);
    await expect(initBackend({ prefer: 'webgl' })).rejects.toThrow(/needs a browser/);
  });

  it('warns (and does not silently ignore) threads in Node', async () => {
    const warnings: string[] = [];
    const info = await initBackend({ threads: 2, onWarning: (w) => warnings.push(w) });
    expect(info.threads).toBe(1);
    expect(warnings.join()).toMatch(/threads=2 ignored/);
    expect(info.warnings.join()).toMatch(/threads=2 ignored/);
  });
});
