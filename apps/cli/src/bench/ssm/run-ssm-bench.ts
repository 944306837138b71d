/**
 * `ftheta bench ssm`: Mamba beside the Transformer — training tokens/s at equal parameter count and
 * context 256, decode ms/token from context 64 to 16384 (Mamba's should stay flat), and the Mamba
 * paper's synthetic tasks: induction heads trained at length 256 and scored at 256 and 4096, and
 * selective copying at a length two CPU cores can train.
 */
import { initBackend } from '@ftheta/backend';
import { inductionHeads, selectiveCopying, shouldDecay } from '@ftheta/trainer';
import { ratio } from '../../util/stats';
import type { BenchContext, ScenarioReport } from '../scenario';
import { decodeMsPerToken } from './decode-timing';
import { type BenchModel, mambaOf, modelPair, type TimeStepInit, transformerOf } from './models';
import { runTask, type TaskAt, type TaskRunResult, type TaskStage } from './task-run';
import { trainTokensPerSec } from './train-speed';

/** Everything the scenario's run depends on (the quick variant shrinks it for tests). */
export interface SsmBenchPlan {
  speed: { width: number; transformerLayers: number; heads: number; vocab: number; batchSize: number; context: number; steps: number };
  decode: { contexts: number[]; prefillChunk: number; steps: number };
  /** `decayALog`: weight decay on Mamba's A_log too (the trainer, like the reference, leaves it out; see FULL_PLAN). */
  tasks: { width: number; layers: number; heads: number; evalEvery: number; testRows: number; testBatch: number; decayALog?: boolean };
  /** `mambaTimeStep`: the task's Mamba starts with Δ log-uniform in [min, max] (absent: Mamba's default 0.001..0.1). */
  induction: { stages: TaskStage[]; testLengths: number[]; mambaTimeStep?: TimeStepInit };
  copying: { regionLength: number; tokens: number; stages: TaskStage[]; mambaTimeStep?: TimeStepInit };
}

/** Mamba's step-size penalty in the last induction-heads stage (see FULL_PLAN). */
const INDUCTION_STEP_PENALTY = 0.02;

export const FULL_PLAN: SsmBenchPlan = {
  speed: { width: 128, transformerLayers: 4, heads: 4, vocab: 64, batchSize: 8, context: 256, steps: 6 },
  decode: { contexts: [64, 256, 1024, 4096, 16384], prefillChunk: 512, steps: 10 },
  // The Mamba paper's induction-heads models: 2 layers, width 64, vocabulary 16. Trained at 256
  // directly (batch 16, lr 1e-3) neither model left chance in 1500 steps here; rows of 64 find the
  // mechanism in ~600 steps, so a curriculum: length 64 until 99%, then length 256.
  // Extrapolation: nothing at 256 pins how slowly the stored answer decays, so with the loss at 256
  // at 0.000 the accuracy at 4096 wandered by tens of points between probes and runs (57.0% and
  // 53.1% for data seeds 6 and 7 under the earlier recipe: Δ started in 0.0001..0.01, decay 0.1 on
  // A_log and the matrices). What made it reliable is a penalty on the step sizes in stage 2
  // (MambaModel.stepPenalty: + w × mean Δ over layers, tokens and channels): Δ is how much of a
  // token a channel writes and how much of its state it lets decay, so pressing it towards 0
  // teaches the model to skip the filler tokens, and what it stored survives rows 16× longer.
  // Measured in scratch runs (model seed 4, 512 held-out rows at 4096, Mamba's default Δ init,
  // stage 2 with weight decay 0.3 on A_log alone and none on the matrices):
  //   no penalty ....................... 95.1 / 98.4 / 87.3%                 (data seeds 5/6/7)
  //   w = 0.01 ......................... 100 / 100 / 99.8 / 98.4 / 100%     (seeds 5/6/7/8/9)
  //   w = 0.02 (adopted) ............... 100 / 100 / 100 / 100 / 100%     (seeds 5/6/7/8/9)
  //   w = 0.05 ......................... 100 / 100 / 95.7 / 100 / 94.1%   (misses at short distances too)
  // Tried before and not adopted (4096 accuracy, no penalty): triggers in the first 32 tokens of a
  // row 31.5%, a third stage at lr 1e-4 53.9%, state passing between rows (Buitrago Ruiz & Gu 2025)
  // 67.4 / 39.3%, an EMA of the weights 50.4%, 4000 steps at 256 98.0 / 71.5%, Adam without decay
  // 86.1%, decay 0.3 on every matrix 59.4%, width 128 35.0 / 39.1%, |A| started 16× smaller
  // 47.1%, a noisy initial state 89.3%, d_state 32 98.1%. The bench's run before the penalty: 91.0%.
  // A_log decays in both tasks (weight decay 0.1 pulls it towards 0, A towards −1: slower decay), as
  // the trainer did before it followed the reference's _no_weight_decay.
  tasks: { width: 64, layers: 2, heads: 2, evalEvery: 100, testRows: 512, testBatch: 32, decayALog: true },
  induction: {
    stages: [
      { length: 64, batchSize: 32, lr: 1e-3, maxSteps: 2000, maxSeconds: 240 },
      { length: 256, batchSize: 8, lr: 1e-3, maxSteps: 2400, maxSeconds: 420, mamba: { stepPenalty: INDUCTION_STEP_PENALTY, optimizer: { weightDecay: 0.3, decay: (name) => name.endsWith('.A_log') } } },
    ],
    testLengths: [256, 1024, 4096],
  },
  // Selective copying at 272 (16 tokens among 256) stayed near chance for Mamba in 300 s (10.7%);
  // a region of 48 trains ~4x more steps in less time. Mamba still learns it slowly here (the paper
  // trains far longer): 31.0% in this bench at 150 s (the Transformer 90.0%); in scratch runs (data
  // seed 5) 36.5% with the default Δ init 0.001..0.1 instead of 0.0001..0.01, and 12.8% with a
  // curriculum over the number of tokens (4, then 8, then 16; 50 + 50 + 100 s, lr 2e-3). Goal
  // ≥ 95% not reached at lr 1e-3. What unblocked it was the learning rate: at lr 2e-3 (Mamba's default
  // Δ init, scratch, data seed 5, 512 held-out rows) the loss sits near 1.5 for ~230 s, then falls:
  // 99.3% at 420 s (5,300 steps; width 128: 80.2%; data seed 6, A_log undecayed: 98.0% at 450 s).
  // So both models train up to 6000 steps / 480 s at lr 2e-3 here: Mamba 99.3%, Transformer 100%.
  copying: { regionLength: 48, tokens: 16, stages: [{ length: 64, batchSize: 32, lr: 2e-3, maxSteps: 6000, maxSeconds: 480 }] },
};

export const QUICK_PLAN: SsmBenchPlan = {
  speed: { width: 32, transformerLayers: 2, heads: 2, vocab: 16, batchSize: 2, context: 32, steps: 2 },
  decode: { contexts: [16, 64], prefillChunk: 32, steps: 3 },
  tasks: { width: 16, layers: 1, heads: 2, evalEvery: 2, testRows: 8, testBatch: 4, decayALog: true },
  induction: {
    stages: [
      { length: 8, batchSize: 4, lr: 2e-3, maxSteps: 2, maxSeconds: 20 },
      { length: 16, batchSize: 4, lr: 2e-3, maxSteps: 2, maxSeconds: 20, mamba: { stepPenalty: INDUCTION_STEP_PENALTY, optimizer: { weightDecay: 0.3, decay: (name) => name.endsWith('.A_log') } } },
    ],
    testLengths: [16, 64],
  },
  copying: { regionLength: 16, tokens: 4, stages: [{ length: 20, batchSize: 4, lr: 2e-3, maxSteps: 4, maxSeconds: 20 }] },
};

/** The trainer's decay groups, plus Mamba's A_log (see FULL_PLAN.tasks.decayALog). */
const decayWithALog = (name: string, shape: readonly number[]) => shouldDecay(name, shape) || name.endsWith('.A_log');

const dispose = (pair: BenchModel[]) => {
  for (const m of pair) m.model.dispose();
};

/** Runs the scenario (summary first). */
export async function runSsmBench(context: BenchContext, plan: SsmBenchPlan = context.quick ? QUICK_PLAN : FULL_PLAN): Promise<ScenarioReport> {
  const { progress } = context;
  const backend = await initBackend({ prefer: 'wasm', onWarning: (m) => progress(`warning: ${m}`) });
  const maxContext = Math.max(...plan.decode.contexts, plan.speed.context) + 8;

  // 1. Training speed at equal parameter count.
  const s = plan.speed;
  const speedPair = modelPair({ width: s.width, transformerLayers: s.transformerLayers, heads: s.heads, vocab: s.vocab, maxContext, seed: 1 });
  const speed: Record<string, { layers: number; parameters: number; tokensPerSec: number; medianStepMs: number }> = {};
  const decode: Record<string, ReturnType<typeof decodeMsPerToken>> = {};
  try {
    for (const m of speedPair) {
      progress(`training speed: ${m.arch} (${m.layers} layers, ${m.parameters} parameters), batch ${s.batchSize} × context ${s.context}`);
      speed[m.arch] = { layers: m.layers, parameters: m.parameters, ...(await trainTokensPerSec(m.model, { batchSize: s.batchSize, context: s.context, vocab: s.vocab, steps: s.steps, warmup: 2, seed: 2 })) };
    }
    // 2. Decode cost against context (the same models).
    for (const m of speedPair) {
      progress(`decode ms/token: ${m.arch} at contexts ${plan.decode.contexts.join(', ')}`);
      decode[m.arch] = decodeMsPerToken(m.model, { ...plan.decode, vocab: s.vocab, seed: 3, progress });
    }
  } finally {
    dispose(speedPair);
  }

  // 3. Synthetic tasks, both architectures trained the same way.
  const t = plan.tasks;
  const runBoth = async (name: string, task: TaskAt, stages: TaskStage[], testLengths: number[], vocab: number, timeStep: TimeStepInit | undefined) => {
    const shape = { width: t.width, transformerLayers: t.layers, heads: t.heads, vocab, maxContext: Math.max(...testLengths, ...stages.map((st) => st.length)) + 32, seed: 4 };
    const pair = [transformerOf(shape), mambaOf(shape, { layers: t.layers }, timeStep)];
    const out: Record<string, TaskRunResult & { layers: number; parameters: number }> = {};
    try {
      for (const m of pair) {
        progress(`${name}: ${m.arch} (${m.layers} layers, ${m.parameters} parameters), trained at lengths ${stages.map((st) => st.length).join(' then ')}`);
        out[m.arch] = { layers: m.layers, parameters: m.parameters, ...(await runTask(m.model, { ...t, task, stages, target: 0.99, testLengths, seed: 5, progress, optimizer: t.decayALog ? { decay: decayWithALog } : undefined })) };
      }
    } finally {
      dispose(pair);
    }
    return out;
  };
  const induction = await runBoth(
    'induction heads',
    (length, batchSize, seed) => inductionHeads({ seqLen: length, vocabSize: 16, batchSize, seed }),
    plan.induction.stages,
    plan.induction.testLengths,
    16,
    plan.induction.mambaTimeStep,
  );
  const c = plan.copying;
  const copyLength = c.regionLength + c.tokens;
  const copying = await runBoth(
    'selective copying',
    (length, batchSize, seed) => selectiveCopying({ regionLength: length - c.tokens, tokens: c.tokens, vocabSize: 16, batchSize, seed }),
    c.stages,
    [copyLength],
    16,
    c.mambaTimeStep,
  );

  const d = (arch: string) => decode[arch] ?? [];
  const growth = (arch: string) => ratio(d(arch).at(-1)?.msPerToken, d(arch)[0]?.msPerToken);
  const trainLength = plan.induction.stages.at(-1)!.length;
  const [trainLen, longLen] = [String(plan.induction.testLengths[0]), String(plan.induction.testLengths.at(-1))];
  return {
    summary: {
      direction: 'mambaOverTransformer = Mamba / Transformer; decodeGrowth = ms/token at the longest context / at the shortest (1 = flat)',
      trainTokensPerSec: { transformer: speed.transformer?.tokensPerSec ?? null, mamba: speed.mamba?.tokensPerSec ?? null, mambaOverTransformer: ratio(speed.mamba?.tokensPerSec, speed.transformer?.tokensPerSec) },
      decodeGrowth: { contexts: `${plan.decode.contexts[0]} -> ${plan.decode.contexts.at(-1)}`, transformer: growth('transformer'), mamba: growth('mamba') },
      inductionHeads: {
        trainedAt: `${plan.induction.stages.map((st) => st.length).join(' then ')} (the last stage: ${trainLength})`,
        mamba: induction.mamba?.accuracy ?? null,
        transformer: induction.transformer?.accuracy ?? null,
        goal: 'Mamba ≥ 0.99 at both lengths',
        met: (induction.mamba?.accuracy[trainLen] ?? 0) >= 0.99 && (induction.mamba?.accuracy[longLen] ?? 0) >= 0.99,
      },
      selectiveCopying: { length: copyLength, tokens: c.tokens, mamba: copying.mamba?.accuracy[String(copyLength)] ?? null, transformer: copying.transformer?.accuracy[String(copyLength)] ?? null },
    },
    versions: {},
    backend: { name: backend.name, simd: backend.simd, threads: backend.threads },
    plan,
    trainSpeed: speed,
    decode,
    inductionHeads: induction,
    selectiveCopying: copying,
    method: {
      models: `Transformer: GPT-2 block with RoPE (no position table, so any context), tied head. Mamba: hidden = width, state 16, expand 2, conv 4; for the speed and decode parts its depth is chosen to match the Transformer's parameter count; for the tasks both have the paper's 2 layers at width 64, and the Mamba starts with Δ log-uniform in [${plan.induction.mambaTimeStep?.min ?? 0.001}, ${plan.induction.mambaTimeStep?.max ?? 0.1}] for induction heads and [${plan.copying.mambaTimeStep?.min ?? 0.001}, ${plan.copying.mambaTimeStep?.max ?? 0.1}] for selective copying.`,
      trainSpeed: 'train() on random tokens, 1 gradient thread each, AdamW; tokens/s at the median of the timed steps (after 2 warm-up steps)',
      decode: `the state is grown to each context by prefill chunks of ${plan.decode.prefillChunk} tokens, then single-token forward calls are timed from it (median of ${plan.decode.steps}, after 2 warm-up calls, until the logits are readable)`,
      tasks: `train() stage by stage (plan.induction.stages / plan.copying.stages: length, batch, AdamW lr with warmup + cosine, a step and a time budget; a stage's \`mamba\` settings apply to Mamba alone: in the last induction-heads stage a step-size penalty of ${plan.induction.stages.at(-1)?.mamba?.stepPenalty ?? 0} × mean Δ added to its loss, and weight decay ${plan.induction.stages.at(-1)?.mamba?.optimizer?.weightDecay ?? 'as the run'} on A_log alone); an early stage ends once accuracy at its length reaches 0.99 (checked every ${t.evalEvery} steps), the last runs its steps; then each model is scored on ${t.testRows} fresh rows per length (greedy argmax at the answer positions, teacher forcing)`,
    },
    notes: [...(context.quick ? ['quick run: tiny sizes, not for quoting'] : []), 'the reference is the other architecture, in the same run'],
  };
}
