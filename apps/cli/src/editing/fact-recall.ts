/** `ftheta facts`' recall lines: @ftheta/editing's factRecall per template, as text. */
import type { FactBase, TemplateRecall } from '@ftheta/editing';

/** "recall, template 0: 93.8% (30/32)  (its phrasings)" lines, one per template, then the total. */
export function formatRecall(recall: readonly TemplateRecall[], base: FactBase): string {
  const pct = (c: number, n: number) => `${((100 * c) / Math.max(1, n)).toFixed(1)}% (${c}/${n})`;
  const lines = recall.map((r) => `recall, template ${r.template}: ${pct(r.correct, r.total)}  (${base.relations.map((x) => JSON.stringify(x.templates[r.template] ?? '')).join(', ')})`);
  const correct = recall.reduce((s, r) => s + r.correct, 0);
  const total = recall.reduce((s, r) => s + r.total, 0);
  lines.push(`recall, all templates: ${pct(correct, total)}`);
  return `${lines.join('\n')}\n`;
}
