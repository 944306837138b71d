/**
 * The fact model: a small GPT-2 trained on {@link factCorpus} until it recalls the facts — the
 * model the editing methods are measured on. Byte-level BPE trained on the same text (names become
 * one to three tokens, as real names do in GPT-2), the trainer's AdamW + warmup/cosine loop over
 * random windows of the text.
 */
import { initTransformer, parseTransformerConfig, type Transformer } from '@ftheta/core-model';
import { BytePairTokenizer, type BpeSpec, trainBpe } from '@ftheta/tokenizer';
import { type GradientEngine, randomWindows, type StepInfo, train, warmupCosine } from '@ftheta/trainer';
import type { FactBase } from './fact-base';
import { factCorpus } from './fact-corpus';

/** Options of {@link trainFactModel}; every field has a default sized for 2 CPU cores (a few minutes). */
export interface FactModelOptions {
  /** Transformer depth, heads and width (default 4, 4, 128). */
  n_layer?: number;
  n_head?: number;
  n_embd?: number;
  /** Context of the model (default 64) and of the training windows (default 32). */
  n_positions?: number;
  window?: number;
  /**
   * BPE vocabulary size (default 1100: the template words and most objects become whole tokens,
   * people's names two to four pieces, as rare names are in GPT-2; with a vocabulary so large that
   * every word is one token (4096), the model looks facts up from the last name's embedding at the
   * question's last token instead of enriching the subject, and ROME's edits land less often).
   */
  vocabSize?: number;
  /** Passes over the facts in the training text (default 12; windows are drawn at random from it). */
  passes?: number;
  /**
   * Add the record lines (see recordLines) to the text (default true): they make the model know a
   * subject's facts at the subject's own last token, which is where ROME writes. Without them a
   * 4-layer model answers from the question's last token, causal tracing shows almost no effect at
   * the subject, and ROME reaches ~80% efficacy where fine-tuning reaches 100%.
   */
  records?: boolean;
  steps?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  /** Data-parallel gradients (`createDataParallel` of @ftheta/trainer/node), or in-process. */
  gradients?: GradientEngine;
  onStep?: (info: StepInfo) => void;
  signal?: AbortSignal;
}

/** A trained fact model with its tokenizer. */
export interface FactModel {
  model: Transformer;
  tokenizer: BytePairTokenizer;
  /** The tokenizer's spec (`toTokenizerJson(spec)` saves it as tokenizer.json). */
  spec: BpeSpec;
  steps: number;
  finalLoss: number;
  /** Whether the training text had the record lines. */
  records: boolean;
  /** 'done', or 'aborted' when `signal` stopped it early (the model is as trained so far). */
  reason: 'done' | 'aborted';
}

/** The defaults of {@link FactModelOptions}. */
export const FACT_MODEL_DEFAULTS = { n_layer: 4, n_head: 4, n_embd: 128, n_positions: 64, window: 32, vocabSize: 1100, passes: 12, records: true, steps: 2500, batchSize: 32, lr: 2e-3, seed: 1 } as const;

/** Trains the fact model of `base` (see the module). */
export async function trainFactModel(base: FactBase, options: FactModelOptions = {}): Promise<FactModel> {
  const o = { ...FACT_MODEL_DEFAULTS, ...options };
  const text = factCorpus(base, o.passes, o.seed, o.records);
  const spec = trainBpe(text.split('\n'), { vocabSize: o.vocabSize, name: 'fact-model' });
  const tokenizer = new BytePairTokenizer(spec);
  const tokens = Int32Array.from(tokenizer.encode(text));
  const config = parseTransformerConfig({ model_type: 'gpt2', vocab_size: tokenizer.vocabSize, n_positions: o.n_positions, n_embd: o.n_embd, n_layer: o.n_layer, n_head: o.n_head });
  const model = initTransformer(config, { seed: o.seed });
  let finalLoss = Number.NaN;
  const result = await train({
    model,
    train: randomWindows(tokens, { batchSize: o.batchSize, seqLen: o.window, seed: o.seed + 1 }),
    steps: o.steps,
    lr: warmupCosine({ lr: o.lr, minLr: o.lr / 10, warmupSteps: Math.min(100, o.steps), decaySteps: o.steps }),
    optimizer: { weightDecay: 0.01 },
    clipNorm: 1,
    seed: o.seed,
    gradients: o.gradients,
    signal: o.signal,
    callbacks: {
      onStep: (s) => {
        finalLoss = s.loss;
        o.onStep?.(s);
      },
    },
  });
  if (result.reason === 'non-finite-loss') {
    model.dispose();
    throw new Error(`trainFactModel: ${result.message ?? 'the loss became non-finite'}`);
  }
  return { model, tokenizer, spec, steps: result.step, finalLoss, records: o.records, reason: result.reason === 'aborted' ? 'aborted' : 'done' };
}
