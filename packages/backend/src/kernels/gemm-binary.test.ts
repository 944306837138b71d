import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { GEMM_SOURCE_SHA256, GEMM_WASM_PLAIN, GEMM_WASM_SHARED } from './gemm-binary.gen';

it('the committed GEMM binaries were built from the current wasm/gemm.c (else run build:wasm)', () => {
  const source = readFileSync(fileURLToPath(new URL('../../wasm/gemm.c', import.meta.url)));
  expect(createHash('sha256').update(source).digest('hex')).toBe(GEMM_SOURCE_SHA256);
});

it('both binaries import only a memory and export gemm', () => {
  for (const b64 of [GEMM_WASM_PLAIN, GEMM_WASM_SHARED]) {
    const module = new WebAssembly.Module(Buffer.from(b64, 'base64'));
    expect(WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`)).toEqual(['env.memory:memory']);
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain('gemm');
  }
});
