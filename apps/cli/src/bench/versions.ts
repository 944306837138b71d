import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { CLI_VERSION } from '../version';

interface PackageJson {
  version?: string;
  dependencies?: Record<string, string>;
}

function readPackageJson(name: string): PackageJson | null {
  try {
    return createRequire(import.meta.url)(`${name}/package.json`) as PackageJson;
  } catch {
    return null;
  }
}

/**
 * Versions every bench JSON records: this CLI, @ftheta/backend, tfjs-core (as loaded), and the
 * tfjs-backend-wasm version @ftheta/backend pins (only @ftheta/backend imports a backend package).
 */
export function baseVersions(): Record<string, string | null> {
  const backend = readPackageJson('@ftheta/backend');
  return {
    ftheta: CLI_VERSION,
    '@ftheta/backend': backend?.version ?? null,
    '@tensorflow/tfjs-core': tf.version_core,
    '@tensorflow/tfjs-backend-wasm': backend?.dependencies?.['@tensorflow/tfjs-backend-wasm'] ?? null,
  };
}
