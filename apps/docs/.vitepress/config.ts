import { defineConfig } from 'vitepress';
import { tfjsWasmThreadsFix } from './tfjs-wasm-threads-fix';

/**
 * Headers that make the page crossOriginIsolated, so the wasm backend may use threads
 * (SharedArrayBuffer). Any static host serving `.vitepress/dist` needs the same two headers for
 * threads; without them the demo still runs, single-threaded.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

export default defineConfig({
  title: 'ftheta',
  description: 'z_t = f_θ(z_1 … z_{t-1}), as small, readable, measured TypeScript packages.',
  // Served from the root of its origin (the test server, `vitepress preview`). A host that serves
  // it under a sub-path sets DOCS_BASE=/sub/path/ at build time.
  base: process.env.DOCS_BASE ?? '/',
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Home', link: '/' },
      { text: 'Guide', link: '/guide/backend' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [{ text: 'Backends', link: '/guide/backend' }],
      },
    ],
    outline: [2, 3],
  },
  vite: {
    plugins: [tfjsWasmThreadsFix()],
    resolve: {
      // One tfjs-core for the page and for @ftheta/backend: two copies would mean two engines.
      dedupe: ['@tensorflow/tfjs-core'],
    },
    server: { headers: ISOLATION_HEADERS },
    preview: { headers: ISOLATION_HEADERS },
    build: {
      // tfjs is one big chunk, loaded only on the live pages.
      chunkSizeWarningLimit: 4000,
    },
  },
});
