/**
 * The one tsup configuration every ftheta package builds with: ESM + CJS + .d.ts,
 * Node 20 / ES2022, no bundled dependencies unless a package asks for them.
 */
import { defineConfig } from 'tsup';

/**
 * @typedef {object} PackageBuildOptions
 * @property {Record<string, string>} entry Entry points, e.g. `{ index: 'src/index.ts' }`.
 * @property {(string | RegExp)[]} [noExternal] Modules to bundle instead of importing at run time.
 * @property {(string | RegExp)[]} [external] Modules never to bundle (e.g. devDependencies loaded by dynamic import).
 * @property {boolean} [shebang] Prepend `#!/usr/bin/env node` (CLI entry points).
 * @property {import('tsup').Options['format']} [format] Formats to emit; ESM + CJS by default.
 */

/** @param {PackageBuildOptions} options */
export function packageConfig(options) {
  return defineConfig({
    entry: options.entry,
    format: options.format ?? ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    splitting: false,
    treeshake: false,
    noExternal: options.noExternal,
    external: options.external,
    banner: options.shebang ? { js: '#!/usr/bin/env node' } : undefined,
  });
}
