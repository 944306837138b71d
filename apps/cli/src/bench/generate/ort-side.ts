/**
 * onnxruntime-web's side of `ftheta bench generate`: one Node child process per thread count runs
 * ./ort-child.mjs on the exported graphs and reports per-sample timings and its check logits.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { TimingMethod } from '../measure';
import { findCliFile, ORT_CHILD } from './paths';

/** What ./ort-child.mjs reads on stdin. */
export interface OrtChildInput {
  onnxDir: string;
  threads: number;
  contexts: readonly number[];
  tokens: readonly number[];
  checkTokens: readonly number[];
  checkLogitsFile: string;
  fullMethod: TimingMethod;
  stepMethod: TimingMethod;
}

/** Per-sample seconds of one timed operation. */
export interface RawTiming {
  samplesSec: number[];
  repsPerSample: number;
  warmupReps: number;
}

/** What ./ort-child.mjs prints. */
export interface OrtChildOutput {
  version: string;
  threadsRequested: number;
  threadsUsed: number;
  simd: unknown;
  sessionOptions: unknown;
  loadSec: number;
  cases: { context: number; full: RawTiming; cached: RawTiming }[];
}

export type OrtRun = { ok: true; data: OrtChildOutput; checkLogits: Float32Array } | { ok: false; reason: string };

/** Runs onnxruntime-web with `threads` threads in a child process; never throws for its failures. */
export async function runOrtSide(
  input: Omit<OrtChildInput, 'checkLogitsFile'>,
  options: { timeoutMs: number; progress: (line: string) => void },
): Promise<OrtRun> {
  let script: string;
  try {
    script = findCliFile(ORT_CHILD);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const tmp = await mkdtemp(join(os.tmpdir(), 'ftheta-ort-'));
  const checkLogitsFile = join(tmp, 'check-logits.f32');
  try {
    const out = await spawnJson<OrtChildOutput>(process.execPath, [script], { ...input, checkLogitsFile }, options);
    if (!out.ok) return out;
    const bytes = await readFile(checkLogitsFile);
    const checkLogits = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return { ok: true, data: out.data, checkLogits };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function spawnJson<T>(
  command: string,
  args: string[],
  input: unknown,
  options: { timeoutMs: number; progress: (line: string) => void },
): Promise<{ ok: true; data: T } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('progress ')) options.progress(line.slice('progress '.length));
        else stderr += `${line}\n`;
      }
    });
    child.stdin.on('error', () => {});
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `could not start ${command}: ${err.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      stderr += pending;
      if (signal) return resolve({ ok: false, reason: `onnxruntime-web child stopped by ${signal} (timeout ${options.timeoutMs} ms?)` });
      if (code !== 0) {
        const lines = stderr.trim().split('\n');
        return resolve({ ok: false, reason: `onnxruntime-web child exited with code ${code}: ${lines.slice(-3).join(' | ')}` });
      }
      try {
        resolve({ ok: true, data: JSON.parse(stdout) as T });
      } catch {
        resolve({ ok: false, reason: `onnxruntime-web child printed no valid JSON: ${stdout.slice(0, 200)}` });
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
