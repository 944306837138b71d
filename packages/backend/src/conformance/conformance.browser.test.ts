/**
 * The conformance suite in headless Chromium: wasm (SIMD, threads when crossOriginIsolated) and
 * webgl (WebGL2 on SwiftShader), each against tfjs's cpu backend and finite differences.
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendInfo } from '../backend-info';
import { initBackend } from '../init-backend';
import { describeConformance } from './describe-conformance';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threaded,
};
const infos: Record<string, BackendInfo> = {};

beforeAll(async () => {
  infos.wasm = await initBackend({ prefer: 'wasm', wasmPaths });
  infos.webgl = await initBackend({ prefer: 'webgl' });
}, 120_000);

describe('backends start in the browser', () => {
  it('wasm runs SIMD, and the threaded build when the page is crossOriginIsolated', async () => {
    expect(infos.wasm).toMatchObject({ name: 'wasm', environment: 'browser', simd: true });
    expect(infos.wasm.kernels.map((k) => k.kernel)).toContain('BatchMatMul');
    await tf.setBackend('wasm');
    const memory = (tf.backend() as unknown as { wasm: { wasmMemory?: WebAssembly.Memory } }).wasm.wasmMemory;
    if (globalThis.crossOriginIsolated) {
      // The threaded build runs on shared memory; tfjs sizes its pool at half the logical cores (1..8).
      expect(memory?.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(infos.wasm.threads).toBe(Math.max(1, Math.min(8, Math.floor(navigator.hardwareConcurrency / 2))));
    } else {
      expect(infos.wasm.threads).toBe(1);
    }
  });

  it('webgl renders float32 (WebGL2 on SwiftShader)', () => {
    expect(infos.webgl).toMatchObject({ name: 'webgl', webglVersion: 2, float32Render: true });
  });

  it('auto picks webgl on a GPU, and wasm over a software renderer such as SwiftShader', async () => {
    const info = await initBackend();
    if (/swiftshader|llvmpipe|software/i.test(infos.webgl.webglRenderer ?? '')) {
      expect(info.name).toBe('wasm');
      expect(info.warnings.join()).toMatch(/software renderer/);
    } else {
      expect(info.name).toBe('webgl');
    }
  });
});

for (const backend of ['wasm', 'webgl']) describeConformance(backend, 'Chromium');
