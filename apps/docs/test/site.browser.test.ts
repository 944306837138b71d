/**
 * The built docs site in headless Chromium: the home page renders, and the live backend page
 * starts a real backend, times matMul and shows the numbers, with no uncaught errors.
 *
 * Runs in Node; drives Debian's Chromium through playwright-core (never downloads a browser).
 * Builds the site first when `.vitepress/dist` is missing (turbo normally runs `build` first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@ftheta/tooling/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from './static-server';

const DOCS = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(DOCS, '.vitepress', 'dist');
const SCREENSHOTS = join(DOCS, '.screenshots');
const RESULT_TIMEOUT_MS = 90_000;

let server: StaticServer;
let browser: Browser;

interface Watched {
  page: Page;
  /** Uncaught exceptions and console.error lines, as text. */
  errors: string[];
}

async function open(path: string, init?: () => void): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  if (init) await page.addInitScript(init);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.stack ?? err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(server.url + path, { waitUntil: 'load' });
  return { page, errors };
}

/** Waits for run number `run` of the demo to finish; fails with the page's own error text. */
async function waitForRun(page: Page, run: number) {
  const box = page.locator('[data-testid="backend-result"]');
  await page
    .locator(`[data-testid="backend-result"][data-run="${run}"]:is([data-state="done"], [data-state="error"])`)
    .waitFor({ timeout: RESULT_TIMEOUT_MS });
  if ((await box.getAttribute('data-state')) === 'error') {
    throw new Error(`the demo reported an error:\n${await page.getByTestId('backend-error').textContent()}`);
  }
  const rows = await page.locator('[data-testid="backend-matmul"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      label: tr.querySelector('td')?.textContent ?? '',
      gflops: Number((tr as HTMLElement).dataset.gflops),
      stockGflops: (tr as HTMLElement).dataset.stockGflops ? Number((tr as HTMLElement).dataset.stockGflops) : null,
      error: Number((tr as HTMLElement).dataset.error),
    })),
  );
  const field = async (name: string) =>
    ((await page.locator(`[data-testid="backend-info"] [data-field="${name}"]`).textContent()) ?? '').trim();
  return {
    backend: await box.getAttribute('data-backend'),
    rows,
    simd: await field('simd'),
    threads: Number.parseInt(await field('threads'), 10),
    kernels: await field('kernels'),
  };
}

beforeAll(async () => {
  if (!existsSync(join(DIST, 'guide', 'backend.html'))) {
    const built = spawnSync(join(DOCS, 'node_modules', '.bin', 'vitepress'), ['build'], {
      cwd: DOCS,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error(`vitepress build failed (status ${built.status}, ${built.error ?? ''})`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await serveStatic(DIST, { isolate: true });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('docs site in headless Chromium', () => {
  it('renders the home page', async () => {
    const { page, errors } = await open('/');
    expect(await page.title()).toContain('ftheta');
    await expect(page.locator('.VPHero .name').textContent()).resolves.toContain('ftheta');
    await expect(page.locator('.vp-doc table').textContent()).resolves.toContain('not built yet');
    await page.screenshot({ path: join(SCREENSHOTS, 'home.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs the live backend demo: auto, then wasm and cpu from the selector', async () => {
    const { page, errors } = await open('/guide/backend');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

    const auto = await waitForRun(page, 1);
    console.log('auto:', JSON.stringify(auto));
    expect(['wasm', 'webgl', 'cpu']).toContain(auto.backend);
    expect(auto.rows.length).toBeGreaterThanOrEqual(2);
    for (const row of auto.rows) {
      expect(row.gflops, row.label).toBeGreaterThan(0);
      expect(Number.isFinite(row.gflops), row.label).toBe(true);
      expect(row.error, row.label).toBeLessThan(1e-2);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'backend.png'), fullPage: true });

    await page.getByTestId('backend-select').selectOption('wasm');
    await page.getByTestId('backend-run').click();
    const wasm = await waitForRun(page, 2);
    console.log('wasm:', JSON.stringify(wasm));
    expect(wasm.backend).toBe('wasm');
    expect(wasm.simd).toBe('yes');
    expect(wasm.kernels).toContain('BatchMatMul');
    expect(wasm.threads).toBeGreaterThanOrEqual(1); // tfjs's default: half the logical cores, 1 to 4
    for (const row of wasm.rows) {
      expect(row.gflops, row.label).toBeGreaterThan(0);
      expect(row.error, row.label).toBeLessThan(1e-2);
    }
    await page.getByTestId('backend-result').screenshot({ path: join(SCREENSHOTS, 'backend-wasm.png') });

    await page.getByTestId('backend-select').selectOption('cpu');
    await page.getByTestId('backend-run').click();
    const cpu = await waitForRun(page, 3);
    console.log('cpu:', JSON.stringify(cpu));
    expect(cpu.backend).toBe('cpu');
    for (const row of cpu.rows) expect(row.gflops, row.label).toBeGreaterThan(0);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('starts wasm with two threads from ?backend=wasm&threads=2 (workers survive the minified build)', async () => {
    // tfjs caps wasm threads at half of navigator.hardwareConcurrency; CI machines have 2 cores,
    // so report 4 to get a real 2-thread pool and exercise the thread workers.
    const { page, errors } = await open('/guide/backend?backend=wasm&threads=2', () => {
      Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4 });
    });
    const wasm = await waitForRun(page, 1);
    console.log('wasm, 2 threads:', JSON.stringify(wasm));
    expect(wasm.backend).toBe('wasm');
    expect(wasm.threads).toBe(2);
    for (const row of wasm.rows) {
      expect(row.gflops, row.label).toBeGreaterThan(0);
      // The stock kernels run XNNPACK on tfjs's thread pool: the workers must have done work.
      expect(row.stockGflops, row.label).toBeGreaterThan(0);
      expect(row.error, row.label).toBeLessThan(1e-2);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
