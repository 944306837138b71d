/**
 * Decode cost against context length for `ftheta bench ssm`: @ftheta/ssm's `measureDecodeCost`
 * (the same measurement the docs site runs in the reader's browser), with the scenario's progress
 * lines. A Transformer's step reads a KV cache that grows with the context; Mamba's reads a
 * fixed-size state.
 */
import type { CausalLM } from '@ftheta/core-model';
import { type DecodeCostOptions, type DecodePoint, measureDecodeCost } from '@ftheta/ssm';

export type { DecodePoint };

/** Options of {@link decodeMsPerToken}. */
export interface DecodeTimingOptions extends DecodeCostOptions {
  progress?: (m: string) => void;
}

/**
 * ms per decoded token at each context: the state grows context by context (each measured
 * context extends the previous state), then `steps` single-token calls are timed from it (each
 * from the same state, so the context stays fixed; 2 warm-up calls first). Tensors are returned to
 * their start count.
 */
export function decodeMsPerToken(model: CausalLM, o: DecodeTimingOptions): DecodePoint[] {
  const { progress, ...options } = o;
  return measureDecodeCost(model, options, (e) => {
    if (e.kind === 'point') progress?.(`  context ${e.point.context}: ${e.point.msPerToken.toFixed(2)} ms/token`);
  });
}
