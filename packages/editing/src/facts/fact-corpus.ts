/**
 * The fact base as training text: every fact in every template, one sentence per line, in seeded
 * shuffled passes. A line break separates sentences, and prompts are asked the same way (after a
 * line break), so the model sees a question exactly as it saw the facts.
 */
import { mulberry32 } from '@ftheta/backend';
import { type FactBase, factSentence, relationOf } from './fact-base';

/** What separates sentences in the training text and starts every prompt. */
export const SENTENCE_START = '\n';

/** Every fact of `base` in every template (one sentence each, unshuffled). */
export function factSentences(base: FactBase): string[] {
  const out: string[] = [];
  for (const f of base.facts) {
    const r = relationOf(base, f.relation);
    for (let t = 0; t < r.templates.length; t++) out.push(factSentence(r, t, f.subject, f.object));
  }
  return out;
}

/** `passes` shuffled passes over {@link factSentences}, each sentence after {@link SENTENCE_START}. */
export function factCorpus(base: FactBase, passes: number, seed = base.seed): string {
  if (!Number.isInteger(passes) || passes < 1) throw new RangeError(`factCorpus: passes must be a positive integer, got ${passes}`);
  const sentences = factSentences(base);
  const next = mulberry32(seed ^ 0xc0de);
  const parts: string[] = [];
  for (let p = 0; p < passes; p++) {
    const order = sentences.slice();
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const s of order) parts.push(SENTENCE_START + s);
  }
  return parts.join('');
}
