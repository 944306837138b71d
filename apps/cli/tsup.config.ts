import { packageConfig } from '@ftheta/tooling/tsup';

export default packageConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['esm'],
  shebang: true,
  // Benchmark peers: devDependencies, loaded by dynamic import only when `ftheta bench` runs them.
  external: ['gpt-tokenizer', 'js-tiktoken', 'tiktoken', 'tokenizers', 'onnxruntime-web'],
});
