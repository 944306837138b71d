/**
 * The models merge-tasks merges: a base trained on the instruction format with some tasks, then
 * two short full fine-tunes from it, each on one new task (with some of the base's tasks
 * replayed), all with @ftheta/trainer's train() on data-parallel gradient threads.
 */
import { mulberry32 } from '@ftheta/backend';
import { type HostTensor, fromParamStore, initTransformer, parseTransformerConfig, type Transformer, type TransformerConfig, transformerFromWeights } from '@ftheta/core-model';
import { ChatTemplate, CharTokenizer, DEFAULT_CHAT_MARKERS } from '@ftheta/tokenizer';
import { createDataParallel, instructionCorpus, type InstructionCorpus, type InstructionTask, sftExamples, type TaskExample, train, warmupCosine } from '@ftheta/trainer/node';
import { round } from '../../util/stats';
import type { BaseRecipe, FineTuneRecipe, MergeTasksRecipe, RunRecipe } from './recipe';

/** Named float32 tensors of one model (checkpoint names). */
export type Weights = Map<string, HostTensor>;

/** What one training run did. */
export interface RunRecord {
  name: string;
  tasks: InstructionTask[];
  examples: number;
  steps: number;
  wallSec: number;
  lossFirst: number | null;
  lossLast: number | null;
  /** ‖θ − θ_base‖ / ‖θ_base‖ over all parameters (fine-tunes only). */
  relativeChange?: number;
}

/** The trained models and what they were trained on. */
export interface TrainedCheckpoints {
  config: TransformerConfig;
  template: ChatTemplate;
  corpus: InstructionCorpus;
  base: Weights;
  fineTunes: Weights[];
  runs: RunRecord[];
}

/** Examples of `tasks` from the corpus's training set, in corpus order. */
function examplesOf(corpus: InstructionCorpus, tasks: readonly InstructionTask[]): TaskExample[] {
  return corpus.train.filter((e) => tasks.includes(e.task));
}

/** The base's examples: every example of its tasks, plus the first `share` × that many of each glimpsed task. */
function baseExamples(corpus: InstructionCorpus, base: BaseRecipe): TaskExample[] {
  const own = examplesOf(corpus, base.tasks);
  const glimpse = base.glimpse.tasks.flatMap((t) => examplesOf(corpus, [t]).slice(0, Math.round(own.length * base.glimpse.share)));
  return [...own, ...glimpse];
}

/** A fine-tune's examples: every example of its tasks, plus `replay` of the total from the base's tasks. */
function fineTuneExamples(corpus: InstructionCorpus, ft: FineTuneRecipe, baseTasks: readonly InstructionTask[], seed: number): TaskExample[] {
  const own = examplesOf(corpus, ft.tasks);
  const pool = examplesOf(corpus, baseTasks);
  const wanted = Math.round((own.length * ft.replay) / (1 - ft.replay));
  const next = mulberry32(seed);
  const replay = Array.from({ length: Math.min(wanted, pool.length) }, () => pool[Math.floor(next() * pool.length)]!);
  return [...own, ...replay];
}

async function runOne(model: Transformer, examples: readonly TaskExample[], run: RunRecipe, template: ChatTemplate, recipe: MergeTasksRecipe, seed: number, progress: (m: string) => void, name: string): Promise<RunRecord> {
  const gradients = createDataParallel({ threads: recipe.threads });
  const started = performance.now();
  try {
    const pairs = examples.map((e) => ({ prompt: e.prompt, response: e.answer }));
    const result = await train({
      model,
      gradients,
      train: sftExamples(pairs, template, { seqLen: recipe.model.n_positions, batchSize: run.batchSize, seed }),
      steps: run.steps,
      lr: warmupCosine({ lr: run.lr, minLr: run.minLr, warmupSteps: Math.min(run.warmupSteps, run.steps), decaySteps: run.steps }),
      optimizer: { beta2: 0.99, weightDecay: run.weightDecay },
      seed,
      callbacks: {
        onStep: (s) => {
          if (s.step === 1 || s.step % 50 === 0 || s.step === run.steps) progress(`${name}: step ${s.step}/${run.steps} loss ${s.loss.toFixed(4)} (${s.ms.toFixed(0)} ms)`);
        },
      },
    });
    if (result.reason !== 'done') throw new Error(`merge-tasks: training ${name} stopped: ${result.reason}${result.message ? ` (${result.message})` : ''}`);
    const h = result.history;
    return {
      name,
      tasks: run.tasks,
      examples: examples.length,
      steps: result.step,
      wallSec: round((performance.now() - started) / 1000, 1),
      lossFirst: h[0] ? round(h[0].loss, 4) : null,
      lossLast: h.length ? round(h[h.length - 1]!.loss, 4) : null,
    };
  } finally {
    await gradients.dispose();
  }
}

/** ‖a − b‖ / ‖b‖ over every tensor. */
export function relativeChange(a: Weights, b: Weights): number {
  let num = 0;
  let den = 0;
  for (const [name, t] of b) {
    const other = a.get(name)!.data;
    for (let i = 0; i < t.data.length; i++) {
      const d = other[i]! - t.data[i]!;
      num += d * d;
      den += t.data[i]! * t.data[i]!;
    }
  }
  return den > 0 ? Math.sqrt(num / den) : 0;
}

/** Trains the base, then each fine-tune from the base's weights. */
export async function trainCheckpoints(recipe: MergeTasksRecipe, progress: (m: string) => void): Promise<TrainedCheckpoints> {
  const corpus = instructionCorpus({ seed: recipe.seed, ...recipe.corpus });
  const allText = [...corpus.train, ...corpus.eval].map((e) => e.prompt + e.answer).join('');
  const tokenizer = CharTokenizer.fromText(allText, { specialTokens: Object.values(DEFAULT_CHAT_MARKERS) });
  const template = new ChatTemplate(tokenizer);
  const endId = tokenizer.specialTokens.get(DEFAULT_CHAT_MARKERS.end)!;
  const config = parseTransformerConfig({ model_type: 'gpt2', vocab_size: tokenizer.vocabSize, eos_token_id: endId, ...recipe.model });
  const runs: RunRecord[] = [];

  const model = initTransformer(config, { seed: recipe.seed });
  let base: Weights;
  try {
    runs.push(await runOne(model, baseExamples(corpus, recipe.base), recipe.base, template, recipe, recipe.seed + 1, progress, 'base'));
    base = fromParamStore(model.params);
  } finally {
    model.dispose();
  }
  const fineTunes: Weights[] = [];
  for (const [i, ft] of recipe.fineTunes.entries()) {
    const m = transformerFromWeights(config, base);
    try {
      const examples = fineTuneExamples(corpus, ft, recipe.base.tasks, recipe.seed + 10 + i);
      const record = await runOne(m, examples, ft, template, recipe, recipe.seed + 20 + i, progress, `fine-tune ${ft.name} (${ft.tasks.join('+')})`);
      const weights = fromParamStore(m.params);
      record.relativeChange = round(relativeChange(weights, base), 5);
      runs.push(record);
      fineTunes.push(weights);
    } finally {
      m.dispose();
    }
  }
  return { config, template, corpus, base, fineTunes, runs };
}
