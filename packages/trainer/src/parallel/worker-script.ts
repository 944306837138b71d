/** Where the built worker script lies, found relative to the running module. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** File name of the worker entry that tsup builds (see tsup.config.ts). */
export const WORKER_FILE = 'parallel-worker.js';

function moduleDir(): string {
  // CJS (dist/node.cjs) and vitest define __dirname; ESM (dist/node.js) has import.meta.url.
  if (typeof __dirname === 'string') return __dirname;
  return path.dirname(fileURLToPath(import.meta.url));
}

/**
 * The path of dist/parallel-worker.js: next to this module when it runs from dist/, or the package's
 * dist/ when it runs from src/parallel/ (tests on the TypeScript sources).
 * @throws Error saying to build the package when the script is missing.
 */
export function defaultWorkerScript(): string {
  const here = moduleDir();
  const candidates = [path.join(here, WORKER_FILE), path.join(here, '..', '..', 'dist', WORKER_FILE)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`data-parallel: worker script ${WORKER_FILE} not found (looked at ${candidates.join(', ')}); run pnpm --filter @ftheta/trainer build`);
  }
  return found;
}
