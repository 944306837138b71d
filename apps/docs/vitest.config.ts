import { defineConfig } from 'vitest/config';

/**
 * `pnpm test:browser`: builds the site if needed, serves it, and drives Debian Chromium through
 * playwright-core from Node (no browser download; see test/site.browser.test.ts).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.browser.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/test-browser.json' },
  },
});
