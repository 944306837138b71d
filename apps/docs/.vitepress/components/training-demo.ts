/**
 * The live part of guide/training.md: make a tiny character corpus in code, initialise a tiny
 * GPT-2-style Transformer, train it on the wasm backend with @ftheta/trainer's train() (AdamW,
 * warmup + cosine, next-token cross-entropy), then sample from it with @ftheta/core-model's
 * generate(). Browser only: TrainingDemo.vue imports this module dynamically from onMounted, so
 * VitePress's server-side render never loads tfjs.
 */
import { type BackendInfo, initBackend } from '@ftheta/backend';
import { type Transformer, countParameters, formatParameterCount, generate, initTransformer, mulberry32, parseTransformerConfig } from '@ftheta/core-model';
import { CharTokenizer } from '@ftheta/tokenizer';
import { type EvalInfo, type StepInfo, type TrainResult, randomWindows, splitTrainVal, train, warmupCosine } from '@ftheta/trainer';
import { WASM_PATHS } from './wasm-paths';

/** Everything that decides the run. The same settings give the same curve on the same backend. */
export const RUN = {
  seed: 3,
  lines: 4000,
  steps: 300,
  batchSize: 16,
  seqLen: 32,
  lr: 1e-2,
  minLr: 1e-3,
  warmupSteps: 20,
  weightDecay: 0.1,
  evalEvery: 25,
  evalBatches: 4,
  architecture: { model_type: 'gpt2', n_positions: 32, n_embd: 48, n_layer: 2, n_head: 4 },
  prompt: 'the ',
  sampleTokens: 120,
  temperature: 0.7,
} as const;

export interface Corpus {
  text: string;
  tokenizer: CharTokenizer;
  ids: Int32Array;
  /** A few lines, to show the reader. */
  example: string[];
}

/**
 * Sums of two digits (`3+4=7`) and sentences from a tiny grammar whose verb agrees with its
 * subject (`the red cat sees a dog.`, `the red cats see a dog.`), one per line: the same idea as
 * scripts/make-demo-model.mjs, smaller.
 */
export function makeCorpus(seed = RUN.seed, count = RUN.lines): Corpus {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const nouns = ['cat', 'dog', 'bird', 'frog'];
  const adjectives = ['small', 'red', 'big'];
  const verbs = ['see', 'like', 'find'];
  const noun = () => `${random() < 0.5 ? `${pick(adjectives)} ` : ''}${pick(nouns)}`;
  const line = () => {
    if (random() < 0.4) {
      const a = Math.floor(random() * 10);
      const b = Math.floor(random() * 10);
      return `${a}+${b}=${a + b}`;
    }
    const plural = random() < 0.5;
    return `the ${noun()}${plural ? 's' : ''} ${pick(verbs)}${plural ? '' : 's'} a ${noun()}.`;
  };
  const lines = Array.from({ length: count }, line);
  const text = `${lines.join('\n')}\n`;
  const tokenizer = CharTokenizer.fromText(text);
  return { text, tokenizer, ids: Int32Array.from(tokenizer.encode(text)), example: lines.slice(0, 4) };
}

export interface Setup {
  corpus: Corpus;
  model: Transformer;
  backend: BackendInfo;
  parameters: number;
  parametersText: string;
}

/** Starts wasm, makes the corpus and a freshly initialised model. */
export async function setUp(onStatus: (message: string) => void): Promise<Setup> {
  onStatus('starting the wasm backend…');
  const backend = await initBackend({ prefer: 'wasm', wasmPaths: WASM_PATHS });
  onStatus('making the corpus and the model…');
  const corpus = makeCorpus();
  const config = parseTransformerConfig({ ...RUN.architecture, vocab_size: corpus.tokenizer.vocabSize });
  const model = initTransformer(config, { seed: RUN.seed });
  const parameters = countParameters(config);
  return { corpus, model, backend, parameters, parametersText: formatParameterCount(parameters) };
}

export interface Callbacks {
  onStep(info: StepInfo): void;
  onEval(info: EvalInfo): void;
}

/** Trains `setup.model` in place: 90% of the corpus trains, the last 10% validates. */
export function runTraining(setup: Setup, callbacks: Callbacks, signal: AbortSignal): Promise<TrainResult> {
  const { train: trainIds, val: valIds } = splitTrainVal(setup.corpus.ids, 0.1);
  const windows = { batchSize: RUN.batchSize, seqLen: RUN.seqLen };
  return train({
    model: setup.model,
    train: randomWindows(trainIds, { ...windows, seed: RUN.seed }),
    val: randomWindows(valIds, { ...windows, seed: RUN.seed + 1 }),
    steps: RUN.steps,
    evalEvery: RUN.evalEvery,
    evalBatches: RUN.evalBatches,
    lr: warmupCosine({ lr: RUN.lr, minLr: RUN.minLr, warmupSteps: RUN.warmupSteps, decaySteps: RUN.steps }),
    optimizer: { weightDecay: RUN.weightDecay },
    seed: RUN.seed,
    signal,
    callbacks,
  });
}

/**
 * A sample from the trained model: RUN.prompt, then RUN.sampleTokens characters. generate() stops
 * at the model's context (n_positions, 32 here), so the sample is written in pieces, each one
 * prompted with the last half-context of the text so far (the model only ever reads 32 characters).
 */
export async function sample(setup: Setup, seed = 1): Promise<string> {
  const context = setup.model.config.n_positions;
  const keep = Math.floor(context / 2);
  let text = '';
  for (let piece = 0; text.length < RUN.sampleTokens; piece++) {
    const tail = (RUN.prompt + text).slice(-keep);
    const [out] = await generate(setup.model, setup.corpus.tokenizer, tail, {
      maxNewTokens: Math.min(context - tail.length, RUN.sampleTokens - text.length),
      temperature: RUN.temperature,
      seed: seed + piece,
    });
    if (!out.text) break;
    text += out.text;
  }
  return text;
}
