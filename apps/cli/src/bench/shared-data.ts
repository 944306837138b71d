/**
 * Benchmarks read the project's shared data (tinyshakespeare) beside the repository: `../shared`
 * from the repository root, or wherever FTHETA_SHARED points.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliFailure } from '../errors';

/**
 * Candidate shared/ folders: $FTHETA_SHARED, then a `shared` folder beside any ancestor of the current
 * directory or of this module (the repository sits next to it; walking up works from src/ and dist/).
 */
function candidates(): string[] {
  const found: string[] = [];
  if (process.env.FTHETA_SHARED) found.push(process.env.FTHETA_SHARED);
  for (const start of [process.cwd(), dirname(fileURLToPath(import.meta.url))]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      found.push(join(dir, 'shared'));
      if (dirname(dir) === dir) break;
    }
  }
  return [...new Set(found)];
}

/** Reads `data/<name>` from the shared folder, or fails naming every place it looked. */
export function readSharedData(name: string): { path: string; text: string } {
  const tried = candidates().map((dir) => join(dir, 'data', name));
  const path = tried.find((p) => existsSync(p));
  if (!path) throw new CliFailure(`${name} not found; looked in ${tried.join(', ')} (set FTHETA_SHARED to the shared folder)`);
  return { path, text: readFileSync(path, 'utf8') };
}
