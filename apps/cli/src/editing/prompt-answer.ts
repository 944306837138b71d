/**
 * What a model says after an edit prompt, before and after the edit: its greedy continuation (a
 * few tokens, up to the end of the sentence) and the target's negative log-likelihood.
 */
import { generate, type Transformer } from '@ftheta/core-model';
import { type EditRequest, SENTENCE_START, targetLogProbs } from '@ftheta/editing';
import type { Tokenizer } from '@ftheta/tokenizer';

/** Tokens of the greedy continuation. */
const ANSWER_TOKENS = 8;

/** The model's answer to a request's prompt. */
export interface PromptAnswer {
  /** Greedy continuation, cut at the sentence's end ("." or a line break). */
  greedy: string;
  /** −log P(target | prompt), summed over the target's tokens, and per token. */
  nll: number;
  nllPerToken: number;
}

/** The answer of `model` to `request` (prompts start a sentence, as the fact text writes them). */
export async function promptAnswer(model: Transformer, tokenizer: Tokenizer, request: EditRequest): Promise<PromptAnswer> {
  const [result] = await generate(model, tokenizer, SENTENCE_START + request.prompt, { maxNewTokens: ANSWER_TOKENS, temperature: 0, stop: ['.', '\n'] });
  const scores = targetLogProbs(model, tokenizer, [{ prompt: request.prompt, target: request.target }]);
  return { greedy: (result?.text ?? '').trim(), nll: -scores.sum[0]!, nllPerToken: -scores.mean[0]! };
}

/** One line: `"<prompt>" -> "<greedy>"; NLL of "<target>" 3.21 (1.60 per token)`. */
export function formatPromptAnswer(label: string, request: EditRequest, a: PromptAnswer): string {
  return `${label}: ${JSON.stringify(request.prompt)} -> ${JSON.stringify(a.greedy)}; NLL of ${JSON.stringify(request.target)} ${a.nll.toFixed(3)} (${a.nllPerToken.toFixed(3)} per token)\n`;
}
