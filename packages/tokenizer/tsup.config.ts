import { packageConfig } from '@ftheta/tooling/tsup';

// `.` is pure TypeScript for Node and browsers; `./node` adds file-system helpers (load/save files).
export default packageConfig({ entry: { index: 'src/index.ts', node: 'src/node.ts' } });
