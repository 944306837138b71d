import { defineConfig } from 'vitepress';

/**
 * Headers that make the page crossOriginIsolated, so the wasm backend may use threads
 * (SharedArrayBuffer). Any static host serving `.vitepress/dist` needs the same two headers for
 * threads; without them the demo still runs, single-threaded.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/**
 * Dev server: Vite's `server.headers` misses the HTML pages VitePress serves itself, so set the
 * isolation headers on every response. (`vitepress preview` sends none: there the demo runs on
 * one wasm thread.)
 */
function isolationHeaders() {
  return {
    name: 'ftheta:isolation-headers',
    configureServer(server: { middlewares: { use(fn: (req: unknown, res: { setHeader(k: string, v: string): void }, next: () => void) => void): void } }) {
      server.middlewares.use((_req, res, next) => {
        for (const [key, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(key, value);
        next();
      });
    },
  };
}

// Served from the root of its origin (the test server, `vitepress preview`). A host that serves
// it under a sub-path sets DOCS_BASE=/sub/path/ at build time.
const base = process.env.DOCS_BASE ?? '/';

export default defineConfig({
  title: 'ftheta',
  description: 'z_t = f_θ(z_1 … z_{t-1}), as small, readable, measured TypeScript packages.',
  base,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: `${base}favicon.svg` }]],
  lastUpdated: false,
  // The package README is for the repository, not a page of the site.
  srcExclude: ['README.md'],
  themeConfig: {
    nav: [
      { text: 'Home', link: '/' },
      { text: 'Backends', link: '/guide/backend' },
      { text: 'Tokenizers', link: '/guide/tokenizer' },
      { text: 'The model', link: '/guide/model' },
      { text: 'Training', link: '/guide/training' },
      { text: 'Editing', link: '/guide/editing' },
      { text: 'Merging', link: '/guide/merging' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Backends', link: '/guide/backend' },
          { text: 'Tokenizers', link: '/guide/tokenizer' },
          { text: 'The model: f_θ', link: '/guide/model' },
          { text: 'Training: finding θ', link: '/guide/training' },
          { text: 'Editing: rewrite one fact', link: '/guide/editing' },
          { text: 'Merging: adding θs', link: '/guide/merging' },
          { text: 'State space models: Mamba', link: '/guide/ssm' },
        ],
      },
    ],
    outline: [2, 3],
  },
  vite: {
    resolve: {
      // One tfjs-core for the page and for @ftheta/backend: two copies would mean two engines.
      dedupe: ['@tensorflow/tfjs-core'],
    },
    plugins: [isolationHeaders()],
    // Dev: pre-bundle tfjs up front, so the first visit to a live page does not reload mid-run.
    optimizeDeps: {
      include: [
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-backend-wasm',
        '@ftheta/backend > @tensorflow/tfjs-backend-cpu',
        '@ftheta/backend > @tensorflow/tfjs-backend-webgl',
        // The tokenizer demo: js-tiktoken and every rank file @ftheta/tokenizer can import (each
        // stays its own chunk, loaded on demand).
        '@ftheta/tokenizer > js-tiktoken/lite',
        ...['gpt2', 'r50k_base', 'p50k_base', 'p50k_edit', 'cl100k_base', 'o200k_base'].map(
          (name) => `@ftheta/tokenizer > js-tiktoken/ranks/${name}`,
        ),
      ],
    },
    build: {
      // tfjs is one big chunk, and o200k_base's ranks another (2.3 MB), each loaded only on its
      // live page, o200k only when the reader picks it.
      chunkSizeWarningLimit: 4000,
    },
  },
});
