/**
 * Benchmarks read the project's shared data (tinyshakespeare) beside the repository: `../shared`
 * from the repository root, or wherever FTHETA_SHARED points.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliFailure } from '../errors';

/** Candidate shared/ folders: $FTHETA_SHARED, then ../shared from the cwd and from this repository. */
function candidates(): string[] {
  const repo = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
  return [process.env.FTHETA_SHARED, join(process.cwd(), '..', 'shared'), join(repo, '..', 'shared')].filter(
    (p): p is string => typeof p === 'string' && p.length > 0,
  );
}

/** Reads `data/<name>` from the shared folder, or fails naming every place it looked. */
export function readSharedData(name: string): { path: string; text: string } {
  const tried = candidates().map((dir) => join(dir, 'data', name));
  const path = tried.find((p) => existsSync(p));
  if (!path) throw new CliFailure(`${name} not found; looked in ${tried.join(', ')} (set FTHETA_SHARED to the shared folder)`);
  return { path, text: readFileSync(path, 'utf8') };
}
