/**
 * A small static file server for the built site (`.vitepress/dist`), for the browser test.
 * Serves clean URLs (`/guide/backend` -> guide/backend.html), application/wasm for .wasm, and
 * the cross-origin isolation headers that let the wasm backend use threads.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** Every request answered, with its status, in order. */
  log: { path: string; status: number }[];
  close(): Promise<void>;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Serves `root` on 127.0.0.1 at a free port; `isolate` adds COOP/COEP/CORP headers. */
export async function serveStatic(root: string, options: { isolate?: boolean } = {}): Promise<StaticServer> {
  const base = resolve(root);
  const log: StaticServer['log'] = [];
  const extra = options.isolate === false ? {} : ISOLATION_HEADERS;

  const server = createServer(async (req, res) => {
    const send = (status: number, body: Buffer | string, type: string) => {
      log.push({ path: req.url ?? '', status });
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed', MIME['.txt']);
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const wanted = resolve(base, `.${pathname}`);
      if (wanted !== base && !wanted.startsWith(base + sep)) return send(403, 'forbidden', MIME['.txt']);
      const candidates = pathname.endsWith('/')
        ? [join(wanted, 'index.html')]
        : [wanted, `${wanted}.html`, join(wanted, 'index.html')];
      for (const file of candidates) {
        if (await isFile(file)) {
          return send(200, await readFile(file), MIME[extname(file)] ?? 'application/octet-stream');
        }
      }
      const notFound = join(base, '404.html');
      if (await isFile(notFound)) return send(404, await readFile(notFound), MIME['.html']);
      return send(404, 'not found', MIME['.txt']);
    } catch (err) {
      return send(500, String(err), MIME['.txt']);
    }
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((err) => (err ? fail(err) : ok()));
      }),
  };
}
