/**
 * PyTorch's side: ../shared/refs/train_bench.py (gpt_ref.GPT, nanoGPT's CPU shakespeare_char
 * settings) on the same text, in a child process; its last stdout line is a JSON summary.
 */
import { spawn } from 'node:child_process';
import { numpyEnv, type NumpyEnvRecord } from '../numpy/run-numpy';

/** The JSON line train_bench.py prints last. */
export interface TrainBenchJson {
  torch: string;
  threads: number;
  blas: string | null;
  iters: number;
  tokens_per_iter: number;
  tokens_per_s: number;
  tokens_per_s_steady: number;
  tokens_per_s_median_step: number;
  median_step_ms: number;
  final_train_loss: number;
  final_val_loss: number;
}

/** The outcome (never thrown): the parsed summary and the full stdout, or why there is none. */
export type PytorchRun =
  | { ok: true; data: TrainBenchJson; stdout: string; wallSec: number; args: string[]; env: NumpyEnvRecord }
  | { ok: false; reason: string; args: string[]; env: NumpyEnvRecord };

/** The last line of `stdout` that parses as a JSON object with `tokens_per_s_median_step`, or null. */
export function parseTrainBenchOutput(stdout: string): TrainBenchJson | null {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      const j = JSON.parse(line) as TrainBenchJson;
      if (typeof j.tokens_per_s_median_step === 'number') return j;
    } catch {
      // not JSON: keep looking
    }
  }
  return null;
}

/** Runs `python script --iters N --threads T --data FILE` plus `extra`, forwarding "iter"/"step" lines as progress. */
export function runPytorchTrainBench(
  script: string,
  options: { iters: number; threads: number; data: string; extra?: string[]; timeoutMs: number; progress?: (m: string) => void },
): Promise<PytorchRun> {
  const { env, record } = numpyEnv();
  const args = [script, '--iters', String(options.iters), '--threads', String(options.threads), '--data', options.data, ...(options.extra ?? [])];
  return new Promise((resolve) => {
    const fail = (reason: string) => resolve({ ok: false, reason, args, env: record });
    const t0 = performance.now();
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(record.python, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      fail(`could not start ${record.python}: ${(err as Error).message}`);
      return;
    }
    let stdout = '';
    let stderr = '';
    let pending = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) if (l.startsWith('step ')) options.progress?.(`pytorch: ${l}`);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(`could not start ${record.python}: ${err.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) return fail(`${record.python} was stopped by ${signal} (timeout ${options.timeoutMs} ms?)`);
      if (code !== 0) {
        const last = stderr.trim().split('\n').pop() ?? '';
        const why = /No module named 'torch'/.test(stderr) ? 'torch is not installed for this python (apt-get install -y python3-torch)' : last;
        return fail(`${record.python} exited with code ${code}: ${why}`);
      }
      const data = parseTrainBenchOutput(stdout);
      if (!data) return fail(`train_bench.py printed no JSON summary: ${stdout.slice(-200)}`);
      resolve({ ok: true, data, stdout, wallSec: (performance.now() - t0) / 1000, args, env: record });
    });
  });
}
