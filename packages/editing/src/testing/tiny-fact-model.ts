/** Test helper: an untrained tiny GPT-2 and a BPE over a small fact base (closed forms and bookkeeping hold for any weights). */
import { initTransformer, parseTransformerConfig, type Transformer } from '@ftheta/core-model';
import { BytePairTokenizer, trainBpe } from '@ftheta/tokenizer';
import { type FactBase, factBase } from '../facts/fact-base';
import { factCorpus } from '../facts/fact-corpus';

export interface TinyFactModel {
  base: FactBase;
  tokenizer: BytePairTokenizer;
  model: Transformer;
  tokens: Int32Array;
}

export function tinyFactModel(seed = 1, n_layer = 3): TinyFactModel {
  const base = factBase({ subjects: 20, seed });
  const text = factCorpus(base, 3);
  const tokenizer = new BytePairTokenizer(trainBpe(text.split('\n'), { vocabSize: 360 }));
  const config = parseTransformerConfig({ model_type: 'gpt2', vocab_size: tokenizer.vocabSize, n_positions: 48, n_embd: 16, n_layer, n_head: 2 });
  return { base, tokenizer, model: initTransformer(config, { seed }), tokens: Int32Array.from(tokenizer.encode(text)) };
}

/** Every parameter's values, by name (to compare bit for bit). */
export function snapshot(model: Transformer): Map<string, Float32Array> {
  return new Map(model.params.names.map((n) => [n, Float32Array.from(model.params.get(n).dataSync() as Float32Array)]));
}
