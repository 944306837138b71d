/**
 * ROME's CounterFact metrics for one edit, and their aggregate: efficacy (the edit prompt prefers
 * the new object to the true one), paraphrase (the same on paraphrases), neighbourhood (other
 * subjects still prefer their own answer to the new object), the score S (their harmonic mean),
 * plus the share of the subject's other facts still recalled. "Prefers" compares the mean
 * log-probability per token of the two continuations, as ROME does.
 */
import type { Transformer } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import { type FactBase, relationOf } from '../facts/fact-base';
import { type ScoredTarget, targetLogProbs } from '../model/target-scores';
import type { EditCase } from './edit-cases';
import { factKey } from './fact-recall';

/** One case's scores (shares in [0, 1]). */
export interface CaseScores {
  efficacy: number;
  paraphrase: number;
  neighborhood: number;
  /** The subject's other facts still ranked first among their relation's objects (needs the base). */
  otherFacts: number | null;
  /** P(new) − P(true) on the edit prompt (probabilities per token, exp of mean log-prob). */
  efficacyMagnitude: number;
}

/** Scores of many cases: means of each column, and S. */
export interface EditScores {
  cases: number;
  efficacy: number;
  paraphrase: number;
  neighborhood: number;
  /** Harmonic mean of efficacy, paraphrase and neighbourhood. */
  score: number;
  otherFacts: number | null;
  efficacyMagnitude: number;
}

/** Options of {@link scoreCase}. */
export interface ScoreCaseOptions {
  /**
   * Facts edited together with `c` (keys from factKey): a batch edit (MEMIT) rewrites them on
   * purpose, so they are left out of `c`'s neighbourhood — a neighbour whose fact of the same
   * relation is itself in the batch is not a fact that should stay.
   */
  editedFacts?: ReadonlySet<string>;
}

/** `c`'s neighbours whose fact of `c`'s relation is not in `editedFacts` (all of them without it). */
export function neighborsOutside(c: EditCase, editedFacts?: ReadonlySet<string>): EditCase['neighbors'] {
  return editedFacts ? c.neighbors.filter((n) => !editedFacts.has(factKey(n.subject, c.relation))) : c.neighbors;
}

/** Scores `c` on the model as it is now (edited or not). */
export function scoreCase(model: Transformer, tokenizer: Tokenizer, c: EditCase, base?: FactBase, options: ScoreCaseOptions = {}): CaseScores {
  const neighbors = neighborsOutside(c, options.editedFacts);
  const items: ScoredTarget[] = [];
  const pair = (prompt: string, a: string, b: string) => {
    items.push({ prompt, target: a }, { prompt, target: b });
  };
  const newT = c.request.target;
  pair(c.request.prompt, newT, c.targetTrue);
  for (const p of c.paraphrases) pair(p, newT, c.targetTrue);
  for (const n of neighbors) pair(n.prompt, n.answer, newT);
  const candidates = base ? c.otherFacts.map((f) => relationOf(base, f.relation).objects) : [];
  c.otherFacts.forEach((f, i) => {
    if (base) for (const o of candidates[i]!) items.push({ prompt: f.prompt, target: o });
  });
  const { mean } = targetLogProbs(model, tokenizer, items);
  let k = 0;
  const wins = (n: number) => {
    let w = 0;
    for (let i = 0; i < n; i++, k += 2) if (mean[k]! > mean[k + 1]!) w++;
    return n === 0 ? 1 : w / n;
  };
  const efficacyMagnitude = Math.exp(mean[0]!) - Math.exp(mean[1]!);
  const efficacy = wins(1);
  const paraphrase = wins(c.paraphrases.length);
  const neighborhood = wins(neighbors.length);
  let otherFacts: number | null = null;
  if (base) {
    let kept = 0;
    c.otherFacts.forEach((f, i) => {
      const objs = candidates[i]!;
      let best = 0;
      for (let j = 1; j < objs.length; j++) if (mean[k + j]! > mean[k + best]!) best = j;
      if (objs[best] === f.answer) kept++;
      k += objs.length;
    });
    otherFacts = c.otherFacts.length ? kept / c.otherFacts.length : 1;
  }
  return { efficacy, paraphrase, neighborhood, otherFacts, efficacyMagnitude };
}

/** Means over cases; S = 3 / (1/E + 1/P + 1/N) (0 when any is 0). */
export function aggregateScores(scores: readonly CaseScores[]): EditScores {
  const n = scores.length;
  if (n === 0) throw new Error('aggregateScores: no cases');
  const mean = (f: (s: CaseScores) => number) => scores.reduce((a, s) => a + f(s), 0) / n;
  const efficacy = mean((s) => s.efficacy);
  const paraphrase = mean((s) => s.paraphrase);
  const neighborhood = mean((s) => s.neighborhood);
  const score = efficacy > 0 && paraphrase > 0 && neighborhood > 0 ? 3 / (1 / efficacy + 1 / paraphrase + 1 / neighborhood) : 0;
  const withOther = scores.filter((s) => s.otherFacts !== null);
  return {
    cases: n,
    efficacy,
    paraphrase,
    neighborhood,
    score,
    otherFacts: withOther.length ? withOther.reduce((a, s) => a + s.otherFacts!, 0) / withOther.length : null,
    efficacyMagnitude: mean((s) => s.efficacyMagnitude),
  };
}
