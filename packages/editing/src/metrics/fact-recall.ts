/**
 * How well a model recalls its fact base: for every fact and every template, whether the true
 * object has the highest mean log-probability per token among its relation's objects (teacher
 * forced, {@link targetLogProbs}), in large batches. `ftheta facts` prints it per template; the
 * edit bench keeps only facts recalled in every template.
 */
import type { Transformer } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import { type FactBase, fillTemplate, relationOf } from '../facts/fact-base';
import { targetLogProbs } from '../model/target-scores';

/** Recall of template index `template` (the same index across relations): facts ranked first, of all. */
export interface TemplateRecall {
  template: number;
  correct: number;
  total: number;
}

/** Per template, and which facts are recalled in every template (keys from {@link factKey}). */
export interface FactRecall {
  templates: TemplateRecall[];
  known: Set<string>;
}

/** The key of (subject, relation) in {@link FactRecall.known}. */
export function factKey(subject: string, relation: string): string {
  return `${subject}\u0000${relation}`;
}

/** Scores every fact in every template (see the module). Leaves no tensors behind. */
export function factRecall(model: Transformer, tokenizer: Tokenizer, base: FactBase): FactRecall {
  const questions: { key: string; template: number; truth: number; first: number; count: number }[] = [];
  const items: { prompt: string; target: string }[] = [];
  for (const f of base.facts) {
    const r = relationOf(base, f.relation);
    r.templates.forEach((template, t) => {
      const prompt = fillTemplate(template, f.subject);
      questions.push({ key: factKey(f.subject, f.relation), template: t, truth: r.objects.indexOf(f.object), first: items.length, count: r.objects.length });
      for (const target of r.objects) items.push({ prompt, target });
    });
  }
  const { mean } = targetLogProbs(model, tokenizer, items, { batchSize: 128 });
  const templates: TemplateRecall[] = [];
  const missed = new Set<string>();
  for (const q of questions) {
    let best = 0;
    for (let i = 1; i < q.count; i++) if (mean[q.first + i]! > mean[q.first + best]!) best = i;
    templates[q.template] ??= { template: q.template, correct: 0, total: 0 };
    templates[q.template]!.total++;
    if (best === q.truth) templates[q.template]!.correct++;
    else missed.add(q.key);
  }
  const known = new Set(base.facts.map((f) => factKey(f.subject, f.relation)).filter((k) => !missed.has(k)));
  return { templates, known };
}
