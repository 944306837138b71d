import { packageConfig } from '@ftheta/tooling/tsup';

// `.` runs in Node and browsers; `./node` adds training-checkpoint directories on disk.
export default packageConfig({ entry: { index: 'src/index.ts', node: 'src/node.ts' } });
