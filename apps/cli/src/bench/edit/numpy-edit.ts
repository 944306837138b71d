/**
 * The reference side of `ftheta bench edit`: ROME's and MEMIT's closed forms recomputed by
 * @ftheta/editing's independent NumPy implementation (packages/editing/test/reference_rome.py) from
 * the same inputs (C, keys, values), in a child process; the bench reports the largest difference
 * relative to the update's largest entry.
 */
import path from 'node:path';
import { scriptBesidePackage } from '../numpy/package-script';
import { runNumpy, type NumpyEnvRecord } from '../numpy/run-numpy';

/** Where reference_rome.py is: beside @ftheta/editing's package.json (a workspace package). */
export function referenceRomeScript(): string | null {
  return scriptBesidePackage('@ftheta/editing', 'test/reference_rome.py');
}

/** One closed-form case as reference_rome.delta takes it, with our delta. */
export interface ClosedFormCase {
  id: string;
  input: Record<string, unknown> & { method: 'rome' | 'memit'; D: number; C: number };
  ours: Float32Array;
}

const DRIVER = `
import json, sys, time
import numpy as np
m = json.load(sys.stdin)
sys.path.insert(0, m["scriptDir"])
import reference_rome as ref
out = []
for c in m["cases"]:
    t = time.perf_counter()
    d = ref.delta(c)
    out.append({"id": c["id"], "ms": (time.perf_counter() - t) * 1000, "delta": d.tolist()})
print(json.dumps(out))
`;

/** Per case: max |ours − NumPy| / max |NumPy|, and NumPy's time; or why not measured. */
export async function numpyClosedForms(cases: readonly ClosedFormCase[]): Promise<{ measured: true; env: NumpyEnvRecord; perCase: { id: string; relDiff: number; numpyMs: number }[] } | { measured: false; reason: string }> {
  const script = referenceRomeScript();
  if (!script) return { measured: false, reason: 'reference_rome.py not found beside @ftheta/editing' };
  const run = await runNumpy<{ id: string; ms: number; delta: number[] }[]>(DRIVER, { scriptDir: path.dirname(script), cases: cases.map((c) => ({ id: c.id, ...c.input })) }, { timeoutMs: 300_000 });
  if (!run.ok) return { measured: false, reason: run.reason };
  const perCase = run.data.map((r, i) => {
    const ours = cases[i]!.ours;
    const scale = Math.max(...r.delta.map(Math.abs));
    const diff = r.delta.reduce((m, v, j) => Math.max(m, Math.abs(v - ours[j]!)), 0);
    return { id: r.id, relDiff: diff / scale, numpyMs: r.ms };
  });
  return { measured: true, env: run.env, perCase };
}
