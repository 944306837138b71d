/**
 * Shared vitest settings. Every package writes a JSON report to `.reports/<task>.json`;
 * tooling/scripts/test-all.mjs adds them up into the one line CI reads.
 */
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

/** @param {{ include?: string[]; testTimeout?: number }} [options] */
export function nodeTestConfig(options = {}) {
  return defineConfig({
    test: {
      include: options.include ?? ['src/**/*.test.ts'],
      exclude: ['**/*.browser.test.ts', '**/node_modules/**', '**/dist/**'],
      environment: 'node',
      testTimeout: options.testTimeout ?? 60_000,
      reporters: ['default', 'json'],
      outputFile: { json: '.reports/test.json' },
    },
  });
}

/** @param {{ include?: string[]; testTimeout?: number }} [options] */
export function browserTestConfig(options = {}) {
  return defineConfig({
    server: {
      // crossOriginIsolated: lets the wasm backend use threads (SharedArrayBuffer).
      headers: {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      },
    },
    // Pre-bundle tfjs up front (its wasm worker file is CommonJS), so the page never reloads mid-run.
    optimizeDeps: {
      include: [
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-core/dist/register_all_gradients',
        '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops',
        '@tensorflow/tfjs-backend-cpu',
        '@tensorflow/tfjs-backend-wasm',
        '@tensorflow/tfjs-backend-webgl',
      ],
    },
    test: {
      include: options.include ?? ['src/**/*.browser.test.ts'],
      testTimeout: options.testTimeout ?? 120_000,
      reporters: ['default', 'json'],
      outputFile: { json: '.reports/test-browser.json' },
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({
          launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  });
}
