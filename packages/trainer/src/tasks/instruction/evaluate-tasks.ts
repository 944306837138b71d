/** Greedy answers to instruction prompts, scored by exact match per task. */
import { type CausalLM, generate } from '@ftheta/core-model';
import type { ChatTemplate } from '@ftheta/tokenizer';
import { INSTRUCTION_TASKS, type InstructionTask, type TaskExample } from './task-example';

/** One task's score, and a few answers to show. */
export interface TaskScore {
  task: InstructionTask;
  correct: number;
  total: number;
  examples: Array<{ prompt: string; expected: string; got: string }>;
}

/** Options of {@link evaluateTasks}. */
export interface EvaluateTasksOptions {
  /** Answers kept per task in `examples` (default 3). */
  showPerTask?: number;
  /** Called after each prompt (e.g. to let a browser paint): the prompts answered so far and in all. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/**
 * Asks every example's prompt (chat-formatted as one user turn, greedy, at most answer length + 4
 * new tokens, stopping at the template's end marker) and counts exact answers per task. Scores come
 * in {@link INSTRUCTION_TASKS} order, for the tasks present in `examples` only.
 * @throws Error when the template's tokenizer lacks the end marker.
 */
export async function evaluateTasks(model: CausalLM, template: ChatTemplate, examples: readonly TaskExample[], options: EvaluateTasksOptions = {}): Promise<TaskScore[]> {
  const { showPerTask = 3, onProgress } = options;
  const endId = template.tokenizer.specialTokens.get(template.markers.end);
  if (endId === undefined) throw new Error(`evaluateTasks: the tokenizer lacks ${template.markers.end}`);
  const scores = new Map<InstructionTask, TaskScore>();
  let done = 0;
  for (const ex of examples) {
    const prompt = template.render([{ role: 'user', content: ex.prompt }], { addGenerationPrompt: true }).ids;
    const [out] = await generate(model, template.tokenizer, prompt, { temperature: 0, maxNewTokens: ex.answer.length + 4, eosTokenId: endId });
    const got = out?.text ?? '';
    const score = scores.get(ex.task) ?? { task: ex.task, correct: 0, total: 0, examples: [] };
    scores.set(ex.task, score);
    score.total++;
    if (got === ex.answer) score.correct++;
    if (score.examples.length < showPerTask) score.examples.push({ prompt: ex.prompt, expected: ex.answer, got });
    await onProgress?.(++done, examples.length);
  }
  return INSTRUCTION_TASKS.filter((t) => scores.has(t)).map((t) => scores.get(t)!);
}

/** `addition 47/50 (94%)`. */
export function formatTaskScore(s: TaskScore): string {
  return `${s.task} ${s.correct}/${s.total} (${Math.round((100 * s.correct) / s.total)}%)`;
}
