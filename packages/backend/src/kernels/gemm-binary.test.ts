import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { GEMM_SOURCE_SHA256, GEMM_SOURCES, GEMM_WASM_PLAIN, GEMM_WASM_SHARED } from './gemm-binary.gen';

it('the committed binaries were built from the current wasm/*.c (else run build:wasm)', () => {
  const hash = createHash('sha256');
  for (const file of GEMM_SOURCES) hash.update(readFileSync(fileURLToPath(new URL(`../../wasm/${file}`, import.meta.url))));
  expect(hash.digest('hex')).toBe(GEMM_SOURCE_SHA256);
});

it('both binaries import only a memory and export gemm and the fused kernels', () => {
  for (const b64 of [GEMM_WASM_PLAIN, GEMM_WASM_SHARED]) {
    const module = new WebAssembly.Module(Buffer.from(b64, 'base64'));
    expect(WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`)).toEqual(['env.memory:memory']);
    const names = WebAssembly.Module.exports(module).map((e) => e.name);
    for (const name of ['gemm', 'adamw', 'layer_norm_fwd', 'layer_norm_bwd', 'gelu_fwd', 'gelu_bwd', 'sum_of_squares', 'sparse_ce_fwd', 'sparse_ce_bwd']) expect(names).toContain(name);
  }
});
