import pkg from '../package.json';

/** The version of this CLI (from apps/cli/package.json, inlined at build time). */
export const CLI_VERSION: string = pkg.version;
