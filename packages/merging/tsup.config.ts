import { packageConfig } from '@ftheta/tooling/tsup';

// `.` is pure (methods, recipes; Node and browsers); `./node` adds streaming merges of checkpoint directories.
export default packageConfig({ entry: { index: 'src/index.ts', node: 'src/node.ts' } });
