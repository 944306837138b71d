import { packageConfig } from '@ftheta/tooling/tsup';

export default packageConfig({
  entry: { index: 'src/index.ts', conformance: 'src/conformance/index.ts', bench: 'src/bench/index.ts' },
  // tfjs-core's gradient and chained-op registration exists only as ESM files, which Node cannot
  // load from its CommonJS package: bundle them (see src/register-gradients.ts).
  noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
});
