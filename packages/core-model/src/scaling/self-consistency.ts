/**
 * Self-consistency (Wang et al. 2022): sample N answers to the same prompt and take the majority
 * vote over the answers extracted from them. The N samples run as one batch of generate() (row r
 * samples with a generator derived from (seed, r), so they differ but are reproducible).
 *
 * Ties are broken deterministically: among answers with the most votes, the one that appeared
 * first (lowest sample index) wins.
 */
import type { Tokenizer } from '@ftheta/tokenizer';
import type { CausalLM, ModelConfig, ModelState } from '../contract/causal-lm';
import type { SequenceResult } from '../generate/events';
import { generate } from '../generate/generate';
import { GenerateOptionError, checkNumber } from '../generate/option-error';
import type { GenerateOptions } from '../generate/options';

export interface SelfConsistencyOptions extends GenerateOptions {
  /** How many samples to draw (integer >= 1). Use temperature > 0, or they are all the same. */
  samples: number;
  /** The answer in a sample's text, or null when it has none (then it does not vote). */
  extractAnswer: (text: string) => string | null;
}

export interface SelfConsistencyResult {
  /** The majority answer, or null when no sample had one. */
  answer: string | null;
  /** Answer -> votes, in order of first appearance. */
  votes: Map<string, number>;
  /** Every sample with the answer extracted from it. */
  samples: { result: SequenceResult; answer: string | null }[];
}

/** Samples `samples` continuations of `prompt` and returns the majority answer (see the file note on ties). */
export async function selfConsistency<S extends ModelState>(
  model: CausalLM<ModelConfig, S>,
  tokenizer: Tokenizer,
  prompt: string | readonly number[],
  options: SelfConsistencyOptions,
): Promise<SelfConsistencyResult> {
  const { samples, extractAnswer, ...generateOptions } = options;
  checkNumber('samples', samples, { min: 1, integer: true }, 'an integer >= 1');
  if (typeof extractAnswer !== 'function') throw new GenerateOptionError('extractAnswer', extractAnswer, 'a function (text) => string | null');
  if (tokenizer === null || typeof tokenizer !== 'object') throw new GenerateOptionError('tokenizer', tokenizer, 'a Tokenizer (answers are extracted from text)');
  const results = await generate(model, tokenizer, Array.from({ length: samples }, () => prompt), generateOptions);
  const votes = new Map<string, number>();
  const withAnswers = results.map((result) => {
    const answer = extractAnswer(result.text ?? '');
    if (answer !== null) votes.set(answer, (votes.get(answer) ?? 0) + 1);
    return { result, answer };
  });
  let answer: string | null = null;
  let best = 0;
  for (const [a, n] of votes) {
    if (n > best) {
      best = n;
      answer = a;
    }
  }
  return { answer, votes, samples: withAnswers };
}
