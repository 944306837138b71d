/** A reference script shipped beside a workspace package (e.g. packages/merging/test/reference_merge.py), or null when absent. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** `relative` resolved against `pkg`'s package.json directory; null when the package or the file is missing. */
export function scriptBesidePackage(pkg: string, relative: string): string | null {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
    const script = path.join(dir, relative);
    return existsSync(script) ? script : null;
  } catch {
    return null;
  }
}
