import { packageConfig } from '@ftheta/tooling/tsup';

// `.` runs in Node and browsers; `./node` adds loading a Mamba checkpoint directory from disk.
export default packageConfig({ entry: { index: 'src/index.ts', node: 'src/node.ts' } });
