/**
 * Where `ftheta bench generate` finds its helper programs and keeps its cache. The helpers are not
 * bundled (one is Python, one runs in its own Node process), so they are found by walking up from
 * this module: from apps/cli/src/bench/generate/ under vitest and from apps/cli/dist/ when built.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliFailure } from '../../errors';

/** apps/cli-relative paths of the helpers. */
export const EXPORT_SCRIPT = join('scripts', 'export-gpt2-onnx.py');
export const ORT_CHILD = join('src', 'bench', 'generate', 'ort-child.mjs');

/** The CLI package folder (apps/cli): the first folder above this module that holds `relative`. */
export function findCliFile(relative: string, from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new CliFailure(`${relative} not found above ${dirname(from)} (run the bench from a checkout of the repository)`);
    dir = up;
  }
}

/** The bench cache: $FTHETA_BENCH_CACHE or bench/.cache under the current directory (gitignored). */
export function benchCacheDir(): string {
  return resolve(process.env.FTHETA_BENCH_CACHE || join('bench', '.cache'));
}

/** gpt_ref.py's folder for the export script: $FTHETA_SHARED/refs, else ../shared/refs beside the repository. */
export function refsDir(): string {
  if (process.env.FTHETA_SHARED) return join(process.env.FTHETA_SHARED, 'refs');
  const cliDir = dirname(findCliFile('package.json'));
  return resolve(cliDir, '..', '..', '..', 'shared', 'refs');
}
