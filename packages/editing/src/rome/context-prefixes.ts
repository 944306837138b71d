/**
 * Random prefixes written by the model itself, put before a prompt so that a key or a value is
 * learned for the subject in many contexts, not for one sentence (ROME's "context templates").
 */
import { generate, type Transformer } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import { SENTENCE_START } from '../facts/fact-corpus';

/** Options of {@link contextPrefixes}. */
export interface ContextPrefixOptions {
  /** Prefixes of each length (default 5). */
  perLength?: number;
  /** Lengths in tokens (default [5, 10], as ROME uses). */
  lengths?: readonly number[];
  seed?: number;
}

/**
 * The empty context first, then `perLength` distinct sampled texts of each length (temperature 1,
 * top-k 5, seeded; fewer when the model keeps repeating itself), each starting a sentence. A prompt follows a prefix after {@link SENTENCE_START}, so a
 * prefix that ends mid-sentence is simply cut off, as ROME's are.
 */
export async function contextPrefixes(model: Transformer, tokenizer: Tokenizer, options: ContextPrefixOptions = {}): Promise<string[]> {
  const perLength = options.perLength ?? 5;
  const lengths = options.lengths ?? [5, 10];
  const out = [''];
  let seed = options.seed ?? 1;
  for (const n of lengths) {
    // Distinct prefixes: draw again (a few rounds at most) while samples repeat.
    const found = new Set<string>();
    for (let round = 0; round < 4 && found.size < perLength; round++) {
      const prompts = Array.from({ length: perLength }, () => SENTENCE_START);
      const results = await generate(model, tokenizer, prompts, { maxNewTokens: n, minNewTokens: n, temperature: 1, topK: 5, seed: seed++ });
      for (const r of results) if (found.size < perLength) found.add(SENTENCE_START + (r.text ?? '').replace(/\n+$/, ''));
    }
    out.push(...found);
  }
  return out;
}
