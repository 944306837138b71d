/** One model's greedy accuracy per instruction task, from its weights (the shared scoring of @ftheta/trainer). */
import { type TransformerConfig, transformerFromWeights } from '@ftheta/core-model';
import type { ChatTemplate } from '@ftheta/tokenizer';
import { evaluateTasks, type TaskExample } from '@ftheta/trainer';
import type { Weights } from './train-checkpoints';

/** Accuracy (correct / total) per task, and the raw counts. */
export interface ModelScore {
  accuracy: Record<string, number>;
  correct: Record<string, number>;
  total: Record<string, number>;
}

/** Builds a Transformer from `weights`, answers every example greedily, disposes it. */
export async function scoreWeights(config: TransformerConfig, weights: Weights, template: ChatTemplate, examples: readonly TaskExample[]): Promise<ModelScore> {
  const model = transformerFromWeights(config, weights);
  try {
    const scores = await evaluateTasks(model, template, examples, { showPerTask: 0 });
    const out: ModelScore = { accuracy: {}, correct: {}, total: {} };
    for (const s of scores) {
      out.accuracy[s.task] = s.total > 0 ? s.correct / s.total : 0;
      out.correct[s.task] = s.correct;
      out.total[s.task] = s.total;
    }
    return out;
  } finally {
    model.dispose();
  }
}
