import { packageConfig } from '@ftheta/tooling/tsup';

// `.` is pure (fact base, tracing, ROME, MEMIT, metrics; Node and browsers); `./node` adds files: the cached key statistics and edits.json.
export default packageConfig({ entry: { index: 'src/index.ts', node: 'src/node.ts' } });
