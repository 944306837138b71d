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

/**
 * One record line per subject: the name followed directly by its objects in relation order
 * ("Rovfupe Kike Gana hunter harp Vinmaish."), as a directory would list them. In these lines the
 * token after the subject depends on who the subject is, so the model must know a subject's facts
 * at the subject's own last token — the "subject enrichment" that GPT-2 learns from natural text
 * and that ROME's edit at that token relies on.
 */
export function recordLines(base: FactBase): string[] {
  const bySubject = new Map<string, string[]>();
  for (const f of base.facts) {
    const objs = bySubject.get(f.subject) ?? [];
    objs[base.relations.findIndex((r) => r.id === f.relation)] = f.object;
    bySubject.set(f.subject, objs);
  }
  return base.subjects.map((s) => `${s} ${bySubject.get(s)!.join(' ')}.`);
}

/**
 * `passes` shuffled passes over {@link factSentences} (and, with `records`, {@link recordLines}),
 * each sentence after {@link SENTENCE_START}.
 */
export function factCorpus(base: FactBase, passes: number, seed = base.seed, records = false): string {
  if (!Number.isInteger(passes) || passes < 1) throw new RangeError(`factCorpus: passes must be a positive integer, got ${passes}`);
  const sentences = records ? [...factSentences(base), ...recordLines(base)] : factSentences(base);
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

/**
 * The text a fact model's key statistics C are estimated from: two fresh passes of its training
 * text (another shuffle, with the record lines when the model was trained with them).
 */
export function keyStatisticsText(base: FactBase, records: boolean): string {
  return factCorpus(base, 2, base.seed + 100, records);
}
