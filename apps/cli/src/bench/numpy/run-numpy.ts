/** Runs a Python program that uses numpy in a child process, with the BLAS environment pinned. */
import { spawn } from 'node:child_process';

/** The python3 the bench uses: `FTHETA_BENCH_PYTHON` or Debian's /usr/bin/python3. */
export function benchPython(): string {
  return process.env.FTHETA_BENCH_PYTHON || '/usr/bin/python3';
}

/**
 * OpenBLAS overrides the shared environment notes say to drop (both together) for numpy timings:
 * they force a core type / cache size that does not match every machine.
 */
export const DROPPED_BLAS_ENV = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'] as const;
const THREAD_ENV = ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'] as const;

/** The environment the numpy child ran with, as recorded in the bench JSON. */
export interface NumpyEnvRecord {
  python: string;
  /** Variables removed from the child's environment, with the values they had here (null: unset). */
  removed: Record<string, string | null>;
  /** Thread-count variables as the child saw them (null: unset, so the BLAS default). */
  threadVars: Record<string, string | null>;
}

/** The outcome: the program's JSON output, or why there is none (never thrown). */
export type NumpyRun<T> = { ok: true; data: T; env: NumpyEnvRecord } | { ok: false; reason: string; env: NumpyEnvRecord };

/** Environment for the numpy child: ours without {@link DROPPED_BLAS_ENV}. */
export function numpyEnv(base: NodeJS.ProcessEnv = process.env): { env: NodeJS.ProcessEnv; record: NumpyEnvRecord } {
  const env = { ...base };
  const removed: Record<string, string | null> = {};
  for (const name of DROPPED_BLAS_ENV) {
    removed[name] = base[name] ?? null;
    delete env[name];
  }
  const threadVars: Record<string, string | null> = {};
  for (const name of THREAD_ENV) threadVars[name] = env[name] ?? null;
  return { env, record: { python: benchPython(), removed, threadVars } };
}

/**
 * Runs `script` with `input` as JSON on stdin and parses one JSON object from stdout. Lines
 * `progress <text>` on stderr are forwarded to `onProgress`. Resolves `{ ok: false, reason }` when
 * python is missing, numpy cannot be imported, the program fails or runs past `timeoutMs`.
 */
export function runNumpy<T>(
  script: string,
  input: unknown,
  options: { timeoutMs: number; onProgress?: (text: string) => void },
): Promise<NumpyRun<T>> {
  const { env, record } = numpyEnv();
  const python = record.python;
  return new Promise((resolve) => {
    const fail = (reason: string) => resolve({ ok: false, reason, env: record });
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(python, ['-c', script], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (err) {
      fail(`could not start ${python}: ${(err as Error).message}`);
      return;
    }
    let stdout = '';
    let stderr = '';
    let pending = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('progress ')) options.onProgress?.(line.slice('progress '.length));
        else stderr += `${line}\n`;
      }
    });
    child.stdin!.on('error', () => {}); // python may exit before reading (e.g. numpy missing)
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(`could not start ${python}: ${err.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      stderr += pending;
      if (signal) return fail(`${python} was stopped by ${signal} (timeout ${options.timeoutMs} ms?)`);
      if (code !== 0) {
        const last = stderr.trim().split('\n').pop() ?? '';
        const why = /No module named 'numpy'/.test(stderr) ? 'numpy is not installed for this python' : last;
        return fail(`${python} exited with code ${code}: ${why}`);
      }
      try {
        resolve({ ok: true, data: JSON.parse(stdout) as T, env: record });
      } catch {
        fail(`${python} printed no valid JSON: ${stdout.slice(0, 200)}`);
      }
    });
    child.stdin!.end(JSON.stringify(input));
  });
}
