import { packageConfig } from '@ftheta/tooling/tsup';

// `.` runs in Node and browsers; `./node` adds training-checkpoint directories on disk and
// data-parallel gradients, whose worker thread runs dist/parallel-worker.js (found at run time
// next to dist/node.js / dist/node.cjs; not an export of the package). `shims` gives the CJS build
// an import.meta.url, which src/parallel/worker-script.ts uses to find it.
export default {
  ...packageConfig({ entry: { index: 'src/index.ts', node: 'src/node.ts', 'parallel-worker': 'src/parallel/worker-main.ts' } }),
  shims: true,
};
