import type { BackendInfo } from '@ftheta/backend';
import { describe, expect, it } from 'vitest';
import { formatBackendInfo } from './format-backend-info';
import type { MatmulCheck } from './matmul-check';

const info: BackendInfo = {
  name: 'wasm',
  environment: 'node',
  simd: true,
  threads: 1,
  webglVersion: null,
  webglRenderer: null,
  float32Render: null,
  tfjsVersion: '4.22.0',
  kernels: [
    { backend: 'wasm', kernel: 'BatchMatMul', why: 'slow' },
    { backend: 'wasm', kernel: 'UnsortedSegmentSum', why: 'missing' },
  ],
  warnings: [],
};
const check: MatmulCheck = {
  op: 'matMul',
  shape: [256, 256, 256],
  dtype: 'float32',
  backend: 'wasm',
  kernelFixes: true,
  maxAbsError: 1.5e-5,
  tolerance: 2.56e-3,
  ok: true,
  gflops: 20.5,
  medianMs: 1.6,
  samples: 5,
  reps: 100,
};

describe('formatBackendInfo', () => {
  it('prints one aligned line per field, every kernel and the check', () => {
    const text = formatBackendInfo(info, check);
    expect(text).toMatch(/^backend +wasm$/m);
    expect(text).toMatch(/^simd +yes$/m);
    expect(text).toMatch(/^webgl version +n\/a$/m);
    expect(text).toContain('BatchMatMul (slow in tfjs, replaced)');
    expect(text).toContain('UnsortedSegmentSum (missing in tfjs, filled)');
    expect(text).toMatch(/^check +matMul 256x256x256 float32 on wasm: max abs error 1\.50e-5 \(ok/m);
    expect(text).toContain('20.5 GFLOP/s (median of 5 samples, 100 runs)');
  });

  it('says FAILED when the check failed and lists warnings', () => {
    const text = formatBackendInfo({ ...info, warnings: ['w1', 'w2'] }, { ...check, ok: false });
    expect(text).toContain('FAILED');
    expect(text).toMatch(/^warnings +w1; w2$/m);
  });
});
