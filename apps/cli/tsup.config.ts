import { packageConfig } from '@ftheta/tooling/tsup';

export default packageConfig({ entry: { bin: 'src/bin.ts' }, format: ['esm'], shebang: true });
