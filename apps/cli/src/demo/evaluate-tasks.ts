/** Greedy answers to the demo's held-out prompts, scored by exact match per task. */
import { type CausalLM, generate } from '@ftheta/core-model';
import type { ChatTemplate } from '@ftheta/tokenizer';
import { DEMO_TASKS, type DemoTask, type TaskExample } from './corpus';

/** One task's score, and a few answers to show. */
export interface TaskScore {
  task: DemoTask;
  correct: number;
  total: number;
  examples: Array<{ prompt: string; expected: string; got: string }>;
}

/** Asks every example's prompt (chat-formatted, greedy) and counts exact answers per task. */
export async function evaluateTasks(model: CausalLM, template: ChatTemplate, examples: readonly TaskExample[], showPerTask = 3): Promise<TaskScore[]> {
  const endId = template.tokenizer.specialTokens.get(template.markers.end);
  if (endId === undefined) throw new Error(`evaluateTasks: the tokenizer lacks ${template.markers.end}`);
  const scores = new Map<DemoTask, TaskScore>();
  for (const ex of examples) {
    const prompt = template.render([{ role: 'user', content: ex.prompt }], { addGenerationPrompt: true }).ids;
    const [out] = await generate(model, template.tokenizer, prompt, { temperature: 0, maxNewTokens: ex.answer.length + 4, eosTokenId: endId });
    const got = out?.text ?? '';
    const score = scores.get(ex.task) ?? { task: ex.task, correct: 0, total: 0, examples: [] };
    scores.set(ex.task, score);
    score.total++;
    if (got === ex.answer) score.correct++;
    if (score.examples.length < showPerTask) score.examples.push({ prompt: ex.prompt, expected: ex.answer, got });
  }
  return DEMO_TASKS.filter((t) => scores.has(t)).map((t) => scores.get(t)!);
}

/** `addition 47/50 (94%)`. */
export function formatScore(s: TaskScore): string {
  return `${s.task} ${s.correct}/${s.total} (${Math.round((100 * s.correct) / s.total)}%)`;
}
