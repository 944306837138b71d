/** A causal trace as a text table (the CLI's `ftheta trace`): one row per token, one column per layer, the subject's tokens starred. */
import type { CausalTrace } from './causal-trace';

/** Probabilities as percentages, widest token padded; the header names the kind, the answer and the clean/corrupted baselines. */
export function formatTraceTable(trace: CausalTrace): string {
  const label = (t: string, i: number) => `${i >= trace.subject.start && i < trace.subject.end ? '*' : ' '}${JSON.stringify(t)}`;
  const labels = trace.tokens.map(label);
  const w = Math.max(...labels.map((l) => l.length), 6);
  const col = (s: string) => s.padStart(6);
  const lines = [
    `causal trace (${trace.kind}): P(${JSON.stringify(trace.answer)}) clean ${(100 * trace.clean).toFixed(1)}%, subject corrupted ${(100 * trace.corrupted).toFixed(1)}%; cells: % with that activation restored`,
    `${'token'.padEnd(w)} ${trace.rows.map((r) => col(r === 'embed' ? 'emb' : `L${r}`)).join('')}`,
  ];
  trace.tokens.forEach((_, t) => {
    lines.push(`${labels[t]!.padEnd(w)} ${trace.scores.map((row) => col((100 * row[t]!).toFixed(1))).join('')}`);
  });
  return `${lines.join('\n')}\n`;
}
