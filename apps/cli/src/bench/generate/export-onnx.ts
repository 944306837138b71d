/**
 * The ONNX side's weights: runs apps/cli/scripts/export-gpt2-onnx.py (PyTorch's `torch.onnx.export`
 * of ../shared/refs/gpt_ref.py loaded from ftheta's checkpoint dir) and caches the result beside the
 * checkpoint, keyed by the checkpoint file's size and mtime.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type NumpyEnvRecord, runNumpy } from '../numpy/run-numpy';
import { EXPORT_SCRIPT, findCliFile, refsDir } from './paths';

/** What the export script writes to export.json (and prints). */
export interface OnnxExportInfo {
  graphs: { prefill: string; decode: string };
  pastNames: string[];
  presentNames: string[];
  config: Record<string, number>;
  opset: number;
  torch: string;
  selfCheckMaxAbsError: number;
  check?: string;
}

/** PyTorch's logits for the check tokens (gpt_ref's own forward), written by the export script. */
export interface TorchCheck {
  tokens: number[];
  shape: [number, number];
  logits: number[][];
}

export type OnnxExport =
  | { ok: true; dir: string; info: OnnxExportInfo; torchCheck: TorchCheck; cached: boolean; exportSec: number | null; env: NumpyEnvRecord | null }
  | { ok: false; reason: string; env: NumpyEnvRecord | null };

/** Runs a python file with arguments through runNumpy (same child handling, JSON on stdout). */
const RUN_FILE = `
import json, runpy, sys
a = json.load(sys.stdin)
sys.argv = [a["script"], *a["args"]]
runpy.run_path(a["script"], run_name="__main__")
`;

function stampOf(checkpointDir: string): string {
  const s = statSync(join(checkpointDir, 'model.safetensors'));
  return `${s.size}:${Math.round(s.mtimeMs)}`;
}

function readExport(dir: string, tokens: readonly number[]): { info: OnnxExportInfo; torchCheck: TorchCheck } | null {
  try {
    const info = JSON.parse(readFileSync(join(dir, 'export.json'), 'utf8')) as OnnxExportInfo;
    const torchCheck = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8')) as TorchCheck;
    if (torchCheck.tokens.join(',') !== tokens.join(',')) return null;
    if (!existsSync(join(dir, info.graphs.prefill)) || !existsSync(join(dir, info.graphs.decode))) return null;
    return { info, torchCheck };
  } catch {
    return null;
  }
}

/**
 * The ONNX export of `checkpointDir` in `checkpointDir/onnx`, exported now unless a cached one
 * matches the checkpoint and the check tokens. Never throws for a missing python or torch: returns
 * `{ ok: false, reason }` so the bench can still measure ftheta.
 */
export async function ensureOnnxExport(
  checkpointDir: string,
  checkTokens: readonly number[],
  options: { timeoutMs: number; progress: (line: string) => void },
): Promise<OnnxExport> {
  const dir = join(checkpointDir, 'onnx');
  const stamp = stampOf(checkpointDir);
  const stampFile = join(dir, 'stamp.txt');
  const cached = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp ? readExport(dir, checkTokens) : null;
  if (cached) return { ok: true, dir, ...cached, cached: true, exportSec: null, env: null };

  let script: string;
  try {
    script = findCliFile(EXPORT_SCRIPT);
  } catch (err) {
    return { ok: false, reason: (err as Error).message, env: null };
  }
  const args = ['--model', checkpointDir, '--out', dir, '--check-tokens', checkTokens.join(','), '--refs', refsDir()];
  options.progress(`exporting ONNX with PyTorch: ${script} ${args.join(' ')}`);
  const started = performance.now();
  const run = await runNumpy<OnnxExportInfo>(RUN_FILE, { script, args }, { timeoutMs: options.timeoutMs, onProgress: options.progress });
  if (!run.ok) return { ok: false, reason: `ONNX export failed: ${run.reason}`, env: run.env };
  const exported = readExport(dir, checkTokens);
  if (!exported) return { ok: false, reason: `ONNX export wrote no usable export.json/check.json in ${dir}`, env: run.env };
  await writeFile(stampFile, stamp, 'utf8');
  return { ok: true, dir, ...exported, cached: false, exportSec: (performance.now() - started) / 1000, env: run.env };
}
