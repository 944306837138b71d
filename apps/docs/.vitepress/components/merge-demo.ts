/**
 * The live part of guide/merging.md: load a base checkpoint and two full fine-tunes of it (made by
 * scripts/make-merge-models.mjs), merge them tensor by tensor with @ftheta/merging's pure functions
 * by the method and parameters the reader picks, and score every model greedily on held-out prompts
 * of the instruction tasks with @ftheta/trainer's evaluateTasks (the scoring `ftheta demo` and
 * `ftheta bench merge-tasks` use). Browser only: MergeDemo.vue imports this module dynamically
 * from onMounted, so VitePress's server-side render never loads tfjs.
 */
import { type BackendInfo, initBackend } from '@ftheta/backend';
import { type HostTensor, type TransformerConfig, countParameters, formatParameterCount, loadCheckpoint, parseTransformerConfig, transformerFromWeights } from '@ftheta/core-model';
import { dareTiesMerge, linearMerge, modelStockMerge, slerpMerge, taskArithmeticMerge, tiesMerge } from '@ftheta/merging';
import { ChatTemplate, CharTokenizer } from '@ftheta/tokenizer';
import { INSTRUCTION_TASKS, type InstructionCorpusOptions, type InstructionTask, type TaskExample, evaluateTasks, instructionCorpus } from '@ftheta/trainer';
import { WASM_PATHS } from './wasm-paths';

/** Named float32 tensors of one model. */
export type Weights = Map<string, HostTensor>;

/** The three checkpoints, as directories under the demo's URL: the base and its two fine-tunes. */
export const CHECKPOINTS = ['base', 'fine-tune-a', 'fine-tune-b'] as const;
export type CheckpointName = (typeof CHECKPOINTS)[number];

/** demo.json, written by the script beside the checkpoints. */
export interface MergeManifest {
  corpus: Required<InstructionCorpusOptions>;
  /** The tasks scored (those the models were trained on). */
  evalTasks: InstructionTask[];
  /** Per checkpoint: the tasks it was trained on (a fine-tune: its new task first), the base's glimpse of others, and its scores as measured in Node. */
  models: Record<CheckpointName, { tasks: InstructionTask[]; glimpse: { tasks: InstructionTask[]; share: number } | null; steps: number; lr: number; scores: Record<string, { correct: number; total: number }> }>;
}

export interface MergeDemo {
  config: TransformerConfig;
  template: ChatTemplate;
  weights: Record<CheckpointName, Weights>;
  manifest: MergeManifest;
  /** The held-out prompts every model answers. */
  examples: TaskExample[];
  tasks: InstructionTask[];
  parametersText: string;
  backend: BackendInfo;
  loadMs: number;
}

/** The methods the reader can pick (mergekit's names). */
export const METHODS = ['linear', 'task_arithmetic', 'ties', 'dare_ties', 'slerp', 'model_stock'] as const;
export type MethodName = (typeof METHODS)[number];

/** What the reader sets. Fields a method does not use are ignored. */
export interface MergeSettings {
  method: MethodName;
  /** Weight of fine-tune A (linear: of the model; others: of its task vector). */
  weightA: number;
  /** Weight of fine-tune B. */
  weightB: number;
  /** ties, dare_ties: fraction of each task vector kept. */
  density: number;
  /** task_arithmetic, ties, dare_ties: scale of the merged task vector. */
  lambda: number;
  /** slerp: 0 = fine-tune A, 1 = fine-tune B. */
  t: number;
  /** dare_ties: seed of the random drop masks. */
  seed: number;
}

/** Accuracy of one model per task: correct answers out of total. */
export type Scores = Record<string, { correct: number; total: number }>;

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/** Starts wasm and loads the three checkpoints and demo.json under `url`. */
export async function loadMergeDemo(url: string, onStatus: (message: string) => void): Promise<MergeDemo> {
  const started = performance.now();
  onStatus('starting the wasm backend…');
  const backend = await initBackend({ prefer: 'wasm', wasmPaths: WASM_PATHS });
  onStatus(`downloading ${url}/{${CHECKPOINTS.join(',')}}…`);
  const manifest = (await fetchJson(`${url}/demo.json`)) as MergeManifest;
  const loaded = await Promise.all(CHECKPOINTS.map((name) => loadCheckpoint(`${url}/${name}`)));
  const first = loaded[0]!;
  if (first.tokenizerJson === null) throw new Error(`${url}/base: the checkpoint has no tokenizer.json`);
  const tokenizer = CharTokenizer.fromJSON(first.tokenizerJson, `${url}/base/tokenizer.json`);
  const config = parseTransformerConfig(first.config, `${url}/base/config.json`);
  const weights = Object.fromEntries(
    CHECKPOINTS.map((name, i) => {
      const w: Weights = new Map();
      for (const [key, t] of loaded[i]!.tensors) w.set(key, { shape: [...t.shape], data: t.data });
      return [name, w];
    }),
  ) as MergeDemo['weights'];
  for (const name of CHECKPOINTS.slice(1)) {
    for (const [key, t] of weights.base) {
      const other = weights[name].get(key);
      if (!other || other.data.length !== t.data.length) throw new Error(`${url}/${name}: tensor ${key} is missing or has another shape than in base`);
    }
  }
  if (!Array.isArray(manifest.evalTasks) || !manifest.evalTasks.every((t) => (INSTRUCTION_TASKS as readonly string[]).includes(t))) {
    throw new Error(`${url}/demo.json: evalTasks must list tasks among ${INSTRUCTION_TASKS.join(', ')}, got ${JSON.stringify(manifest.evalTasks)}`);
  }
  const examples = instructionCorpus(manifest.corpus).eval.filter((e) => manifest.evalTasks.includes(e.task));
  const tasks = INSTRUCTION_TASKS.filter((t) => examples.some((e) => e.task === t));
  return {
    config,
    template: new ChatTemplate(tokenizer),
    weights,
    manifest,
    examples,
    tasks,
    parametersText: formatParameterCount(countParameters(config)),
    backend,
    loadMs: performance.now() - started,
  };
}

/** One tensor merged by `s`: base's value, and the two fine-tunes' values (A, B). */
export function mergeTensor(s: MergeSettings, name: string, shape: readonly number[], base: Float32Array, models: readonly [Float32Array, Float32Array]): Float32Array {
  const weights = [s.weightA, s.weightB];
  switch (s.method) {
    case 'linear':
      return linearMerge(models, { weights, normalize: false });
    case 'task_arithmetic':
      return taskArithmeticMerge(base, models, { weights, lambda: s.lambda });
    case 'ties':
      return tiesMerge(base, models, { weights, densities: [s.density, s.density], lambda: s.lambda, normalize: true });
    case 'dare_ties':
      return dareTiesMerge(base, models, { weights, densities: [s.density, s.density], lambda: s.lambda, seed: s.seed, tensorName: name });
    case 'slerp':
      return slerpMerge(models[0], models[1], { t: s.t });
    case 'model_stock':
      return modelStockMerge(base, models, { shape });
  }
}

/** The merged model's weights, and how long merging took. Throws what the method throws (a density out of range…). */
export function mergeWeights(demo: MergeDemo, s: MergeSettings): { weights: Weights; ms: number } {
  const started = performance.now();
  const out: Weights = new Map();
  for (const [name, t] of demo.weights.base) {
    const a = demo.weights['fine-tune-a'].get(name)!.data;
    const b = demo.weights['fine-tune-b'].get(name)!.data;
    out.set(name, { shape: t.shape, data: mergeTensor(s, name, t.shape, t.data, [a, b]) });
  }
  return { weights: out, ms: performance.now() - started };
}

/** Greedy accuracy per task of a model with `weights`; lets the browser paint every ~50 ms. */
export async function scoreWeights(demo: MergeDemo, weights: Weights, onProgress: (done: number, total: number) => void): Promise<Scores> {
  const model = transformerFromWeights(demo.config, weights);
  try {
    let painted = performance.now();
    const scores = await evaluateTasks(model, demo.template, demo.examples, {
      showPerTask: 0,
      onProgress: async (done, total) => {
        if (performance.now() - painted > 50) {
          onProgress(done, total);
          await new Promise((resolve) => setTimeout(resolve, 0));
          painted = performance.now();
        }
      },
    });
    return Object.fromEntries(scores.map((s) => [s.task, { correct: s.correct, total: s.total }]));
  } finally {
    model.dispose();
  }
}

/** ‖θ − θ_base‖ / ‖θ_base‖: how far a model moved from the base, over every parameter. */
export function distanceFromBase(demo: MergeDemo, weights: Weights): number {
  let num = 0;
  let den = 0;
  for (const [name, t] of demo.weights.base) {
    const w = weights.get(name)!.data;
    for (let i = 0; i < t.data.length; i++) {
      const d = w[i]! - t.data[i]!;
      num += d * d;
      den += t.data[i]! * t.data[i]!;
    }
  }
  return Math.sqrt(num / den);
}
