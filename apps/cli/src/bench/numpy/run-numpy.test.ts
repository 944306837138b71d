import { afterEach, describe, expect, it } from 'vitest';
import { numpyEnv, runNumpy } from './run-numpy';

const saved = process.env.FTHETA_BENCH_PYTHON;
afterEach(() => {
  if (saved === undefined) delete process.env.FTHETA_BENCH_PYTHON;
  else process.env.FTHETA_BENCH_PYTHON = saved;
});

describe('numpyEnv', () => {
  it('drops OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE together and records what they were', () => {
    const { env, record } = numpyEnv({ OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '512', OMP_NUM_THREADS: '2', PATH: '/bin' });
    expect(env.OPENBLAS_CORETYPE).toBeUndefined();
    expect(env.OPENBLAS_L2_SIZE).toBeUndefined();
    expect(env.PATH).toBe('/bin');
    expect(record.removed).toEqual({ OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '512' });
    expect(record.threadVars.OMP_NUM_THREADS).toBe('2');
    expect(record.threadVars.OPENBLAS_NUM_THREADS).toBeNull();
  });
});

describe('runNumpy', () => {
  it('reports a missing python as a reason, never a throw', async () => {
    process.env.FTHETA_BENCH_PYTHON = '/nonexistent/python3';
    const run = await runNumpy('print(1)', {}, { timeoutMs: 5000 });
    expect(run.ok).toBe(false);
    if (!run.ok) expect(run.reason).toMatch(/could not start \/nonexistent\/python3/);
  });

  it('reports a failing program with its last stderr line', async () => {
    const run = await runNumpy('import sys; sys.exit("boom")', {}, { timeoutMs: 10_000 });
    expect(run.ok).toBe(false);
    if (!run.ok) expect(run.reason).toMatch(/exited with code 1: boom/);
  });

  it('passes JSON in, gets JSON out, and forwards progress lines', async () => {
    const progress: string[] = [];
    const script = 'import json,sys,os; d=json.load(sys.stdin); print("progress hi", file=sys.stderr, flush=True); print(json.dumps({"x": d["x"]*2, "core": os.environ.get("OPENBLAS_CORETYPE")}))';
    const run = await runNumpy<{ x: number; core: string | null }>(script, { x: 21 }, { timeoutMs: 10_000, onProgress: (t) => progress.push(t) });
    expect(run.ok).toBe(true);
    if (run.ok) expect(run.data).toEqual({ x: 42, core: null });
    expect(progress).toEqual(['hi']);
  });
});
