// Runs every package's typecheck and tests (Node and browser) through turbo, and the linter, then
// adds up the vitest JSON reports into the one line CI reads: `N passed, N failed, N skipped`. A
// package whose test task left no report counts as one failure, so a crash can never pass as
// "0 failed"; a failed typecheck, build or lint counts as one failure too.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const TASKS = { test: 'test.json', 'test:browser': 'test-browser.json' };

const workspaces = ['packages', 'apps']
  .flatMap((dir) => readdirSync(join(root, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, dir, d.name)))
  .filter((dir) => existsSync(join(dir, 'package.json')));

const expected = [];
for (const dir of workspaces) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  rmSync(join(dir, '.reports'), { recursive: true, force: true });
  for (const [task, file] of Object.entries(TASKS)) {
    if (pkg.scripts?.[task]) expected.push({ name: pkg.name, task, file: join(dir, '.reports', file) });
  }
}

const turbo = spawnSync('pnpm', ['exec', 'turbo', 'run', 'typecheck', ...Object.keys(TASKS), '--concurrency=1', '--continue', '--output-logs=full'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' },
});

const lint = spawnSync('pnpm', ['exec', 'biome', 'lint', '.'], { cwd: root, stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
console.log('\n== test reports ==');
for (const { name, task, file } of expected) {
  if (!existsSync(file)) {
    console.log(`${name} ${task}: no report (the task crashed or did not run) — counted as 1 failed`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let p = 0;
  let f = 0;
  let s = 0;
  for (const suite of report.testResults ?? []) {
    const results = suite.assertionResults ?? [];
    p += results.filter((r) => r.status === 'passed').length;
    const bad = results.filter((r) => r.status === 'failed').length;
    s += results.filter((r) => r.status === 'pending' || r.status === 'skipped' || r.status === 'todo').length;
    // A file that failed to load has no failed assertions but must still count.
    f += bad > 0 ? bad : suite.status === 'failed' ? 1 : 0;
  }
  console.log(`${name} ${task}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
if (turbo.status !== 0 && failed === 0) {
  console.log(`turbo exited with ${turbo.status} (a build or typecheck failed) — counted as 1 failed`);
  failed += 1;
}
if (lint.status !== 0) {
  console.log('biome lint found errors — counted as 1 failed');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
