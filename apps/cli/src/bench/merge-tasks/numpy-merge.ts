/**
 * The reference side of merge-tasks: the same merges of the same tensors computed by
 * @ftheta/merging's independent NumPy implementation (packages/merging/test/reference_merge.py),
 * in a child process. Tensors travel as raw float32 files (JSON lists of a few million numbers would
 * dwarf the merge itself); DARE's keep-masks travel too, so both sides drop the same entries. Each
 * side's time covers merging only.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scriptBesidePackage } from '../numpy/package-script';
import { runNumpy, type NumpyEnvRecord } from '../numpy/run-numpy';
import { caseMasks, type MergeCase } from './merge-cases';
import type { Weights } from './train-checkpoints';

/** Where reference_merge.py is: beside @ftheta/merging's package.json (a workspace package). */
export function referenceMergeScript(): string | null {
  return scriptBesidePackage('@ftheta/merging', 'test/reference_merge.py');
}

/** The driver: reads the manifest on stdin, merges every tensor of every case with reference_merge's METHODS, times each case. */
const DRIVER = `
import json, sys, time
import numpy as np
m = json.load(sys.stdin)
sys.path.insert(0, m["scriptDir"])
import reference_merge as ref
data = np.fromfile(m["dataFile"], dtype=np.float32)
masks = np.fromfile(m["maskFile"], dtype=np.uint8) if m["maskFile"] else None
seconds = []
with open(m["outFile"], "wb") as out:
    for ci, c in enumerate(m["cases"]):
        spent = 0.0
        for t in m["tensors"]:
            n = t["size"]
            base = data[t["offset"]:t["offset"] + n]
            fts = [data[t["offset"] + (k + 1) * n:t["offset"] + (k + 2) * n] for k in range(m["models"])]
            params = dict(c["params"])
            if c["method"] == "dare_ties":
                mo = t["maskOffsets"][str(ci)]
                params["masks"] = [masks[mo + k * n:mo + (k + 1) * n] for k in range(m["models"])]
            if c["method"] == "slerp":
                case = {"method": "slerp", "base": fts[0], "models": [fts[1]], "shape": t["shape"], "params": params}
            elif c["method"] == "linear":
                case = {"method": "linear", "base": base, "models": fts, "shape": t["shape"], "params": params}
            else:
                case = {"method": c["method"], "base": base, "models": fts, "shape": t["shape"], "params": params}
            started = time.perf_counter()
            merged = ref.METHODS[c["method"]](case)
            spent += time.perf_counter() - started
            np.asarray(merged, dtype=np.float32).tofile(out)
        seconds.append(spent)
        print("progress numpy: " + c["label"], file=sys.stderr, flush=True)
json.dump({"seconds": seconds, "numpy": np.__version__, "python": sys.version.split()[0]}, sys.stdout)
`;

/** The NumPy side's outcome. */
export type NumpyMergeResult =
  | { ok: true; merged: Weights[]; seconds: number[]; numpy: string; python: string; script: string; env: NumpyEnvRecord }
  | { ok: false; reason: string };

/** Merges every case with the NumPy reference; `{ ok: false, reason }` when python, numpy or the script is missing. */
export async function numpyMerge(cases: readonly MergeCase[], base: Weights, fineTunes: readonly Weights[], dareSeed: number, progress: (m: string) => void): Promise<NumpyMergeResult> {
  const script = referenceMergeScript();
  if (!script) return { ok: false, reason: '@ftheta/merging/test/reference_merge.py not found (the package is not a workspace checkout)' };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ftheta-merge-tasks-numpy-'));
  try {
    const k = fineTunes.length;
    const names = [...base.keys()];
    const total = names.reduce((n, name) => n + base.get(name)!.data.length, 0);
    const data = new Float32Array(total * (k + 1));
    const maskChunks: Uint8Array[] = [];
    let maskBytes = 0;
    let offset = 0;
    const tensors = names.map((name) => {
      const t = base.get(name)!;
      const n = t.data.length;
      data.set(t.data, offset);
      for (const [i, w] of fineTunes.entries()) data.set(w.get(name)!.data, offset + (i + 1) * n);
      const maskOffsets: Record<string, number> = {};
      cases.forEach((c, ci) => {
        const masks = caseMasks(c, name, n, dareSeed);
        if (!masks) return;
        maskOffsets[String(ci)] = maskBytes;
        for (const m of masks) {
          maskChunks.push(m);
          maskBytes += m.length;
        }
      });
      const record = { name, shape: t.shape, size: n, offset, maskOffsets };
      offset += n * (k + 1);
      return record;
    });
    const dataFile = path.join(dir, 'tensors.f32');
    const maskFile = path.join(dir, 'masks.u8');
    const outFile = path.join(dir, 'merged.f32');
    await writeFile(dataFile, new Uint8Array(data.buffer));
    if (maskBytes > 0) await writeFile(maskFile, Buffer.concat(maskChunks));
    const manifest = { scriptDir: path.dirname(script), dataFile, maskFile: maskBytes > 0 ? maskFile : null, outFile, models: k, tensors, cases };
    const run = await runNumpy<{ seconds: number[]; numpy: string; python: string }>(DRIVER, manifest, { timeoutMs: 600_000, onProgress: progress });
    if (!run.ok) return { ok: false, reason: run.reason };
    const bytes = await readFile(outFile);
    const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    if (all.length !== total * cases.length) return { ok: false, reason: `reference wrote ${all.length} values, expected ${total * cases.length}` };
    let at = 0;
    const merged = cases.map(() => {
      const w: Weights = new Map();
      for (const t of tensors) {
        w.set(t.name, { shape: [...t.shape], data: all.slice(at, at + t.size) });
        at += t.size;
      }
      return w;
    });
    return { ok: true, merged, seconds: run.data.seconds, numpy: run.data.numpy, python: run.data.python, script, env: run.env };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** max |a − b| over every tensor. */
export function maxAbsDifference(a: Weights, b: Weights): number {
  let worst = 0;
  for (const [name, t] of a) {
    const other = b.get(name);
    if (!other || other.data.length !== t.data.length) throw new Error(`merge-tasks: tensor ${name} differs in size between the two sides`);
    for (let i = 0; i < t.data.length; i++) {
      const d = Math.abs(t.data[i]! - other.data[i]!);
      if (!(d <= worst)) worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
    }
  }
  return worst;
}
