/** The program in-process (through runCli): output streams, exit codes, error messages. */
import { describe, expect, it } from 'vitest';
import { runCli } from './cli';
import { memoryIo } from './io';
import { CLI_VERSION } from './version';

describe('ftheta (in process)', () => {
  it('backend --json prints exactly one JSON object: BackendInfo plus a passing matMul check', async () => {
    const io = memoryIo();
    const code = await runCli(['backend', '--json'], io);
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout);
    expect(out).toMatchObject({ name: 'wasm', environment: 'node', simd: true, tfjsVersion: '4.22.0' });
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(['name', 'simd', 'threads', 'webglVersion', 'float32Render', 'kernels', 'warnings', 'check']),
    );
    expect(out.kernels.map((k: { kernel: string }) => k.kernel)).toContain('BatchMatMul');
    expect(out.check).toMatchObject({ op: 'matMul', shape: [256, 256, 256], backend: 'wasm', kernelFixes: true, ok: true });
    expect(out.check.maxAbsError).toBeLessThan(1e-3);
    expect(out.check.gflops).toBeGreaterThan(1);
  });

  it('backend (table) on cpu says so and still checks the product', async () => {
    const io = memoryIo();
    expect(await runCli(['backend', '--prefer', 'cpu'], io)).toBe(0);
    expect(io.stdout).toMatch(/^backend +cpu$/m);
    expect(io.stdout).toMatch(/^check +matMul 256x256x256 float32 on cpu: max abs error [0-9.e-]+ \(ok/m);
    expect(await runCli(['backend', '--json', '--prefer', 'wasm'], memoryIo())).toBe(0); // back to wasm for later tests
  });

  it('rejects a bad --prefer with exit 2 and names the value', async () => {
    const io = memoryIo();
    expect(await runCli(['backend', '--prefer', 'gpu'], io)).toBe(2);
    expect(io.stderr).toContain("'gpu' is invalid");
    expect(io.stderr).toContain('auto, wasm, cpu');
    expect(io.stdout).toBe('');
  });

  it('rejects an unknown scenario with exit 2, naming it and listing the known ones', async () => {
    const io = memoryIo();
    expect(await runCli(['bench', 'nope', '--quick'], io)).toBe(2);
    expect(io.stderr).toMatch(/^ftheta: error: unknown bench scenario "nope"; known scenarios: matmul, tokenizer(, [\w-]+)*\n$/);
  });

  it('treats unknown commands and missing arguments as usage errors', async () => {
    expect(await runCli(['frobnicate'], memoryIo())).toBe(2);
    const io = memoryIo();
    expect(await runCli(['bench'], io)).toBe(2);
    expect(io.stderr).toContain("missing required argument 'scenario'");
  });

  it('prints --version and --help with exit 0', async () => {
    const v = memoryIo();
    expect(await runCli(['--version'], v)).toBe(0);
    expect(v.stdout.trim()).toBe(CLI_VERSION);
    const h = memoryIo();
    expect(await runCli(['bench', '--help'], h)).toBe(0);
    expect(h.stdout).toContain('Usage: ftheta bench [options] <scenario>');
    expect(h.stdout).toMatch(/Scenarios:\n {2}matmul /);
  });
});
