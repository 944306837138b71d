/**
 * The live part of guide/model.md: load the site's small checkpoint (config.json +
 * model.safetensors + tokenizer.json) with @ftheta/core-model, and generate with generate()'s
 * streaming API, recording the next-token distribution at every step. Browser only:
 * ModelDemo.vue imports this module dynamically from onMounted, so VitePress's server-side render
 * never loads tfjs.
 */
import { type BackendInfo, initBackend } from '@ftheta/backend';
import {
  type LogitsProcessor,
  type Transformer,
  type TransformerConfig,
  countParameters,
  formatParameterCount,
  generateStream,
  loadCheckpoint,
  parseTransformerConfig,
  softmax,
  temperatureProcessor,
  topKProcessor,
  transformerFromWeights,
} from '@ftheta/core-model';
import { CharTokenizer } from '@ftheta/tokenizer';
import { WASM_PATHS } from './wasm-paths';

export interface DemoModel {
  model: Transformer;
  tokenizer: CharTokenizer;
  config: TransformerConfig;
  /** Number of learned scalars, exact and formatted ('206K'). */
  parameters: number;
  parametersText: string;
  backend: BackendInfo;
  loadMs: number;
}

/**
 * Starts wasm and loads the checkpoint under `url` (a directory URL). wasm, not webgl: for a model
 * this small every matmul is tiny, and the GPU's per-call overhead and read-backs cost more than
 * the arithmetic (the same choice also makes the page's greedy output match Node's).
 */
export async function loadDemoModel(url: string, onStatus: (message: string) => void): Promise<DemoModel> {
  const started = performance.now();
  onStatus('starting the wasm backend…');
  const backend = await initBackend({ prefer: 'wasm', wasmPaths: WASM_PATHS });
  onStatus(`downloading ${url}/config.json, model.safetensors, tokenizer.json…`);
  const checkpoint = await loadCheckpoint(url);
  if (checkpoint.tokenizerJson === null) throw new Error(`${url}: the checkpoint has no tokenizer.json`);
  const tokenizer = CharTokenizer.fromJSON(checkpoint.tokenizerJson, `${url}/tokenizer.json`);
  const config = parseTransformerConfig(checkpoint.config, `${url}/config.json`);
  if (config.vocab_size !== tokenizer.vocabSize) {
    throw new Error(`${url}: config.json says vocab_size ${config.vocab_size}, tokenizer.json has ${tokenizer.vocabSize} tokens`);
  }
  // 'slide': past n_positions tokens, keep the last n_positions (exact, see TransformerOptions).
  const model = transformerFromWeights(config, checkpoint.tensors, { onContextOverflow: 'slide' });
  const parameters = countParameters(config);
  return { model, tokenizer, config, parameters, parametersText: formatParameterCount(parameters), backend, loadMs: performance.now() - started };
}

export interface Settings {
  prompt: string;
  /** 0 = greedy. */
  temperature: number;
  /** 0 = off. */
  topK: number;
  maxNewTokens: number;
  seed: number;
}

/** One candidate for the next token. */
export interface Candidate {
  id: number;
  /** The token as text (a character for this model). */
  text: string;
  /** What the model says: softmax(logits)[id]. */
  p: number;
  /** What was sampled from, after temperature and top-k (greedy: 1 for the argmax, else 0). */
  q: number;
}

/** The distribution at one step of generation and the token that was chosen. */
export interface Step {
  index: number;
  id: number;
  text: string;
  /** The most likely tokens, most likely first. */
  top: Candidate[];
  /** Probability of every other token, together (model's and sampled). */
  restP: number;
  restQ: number;
}

export interface Generation {
  text: string;
  ids: number[];
  steps: Step[];
  finishReason: string;
  /** From the call to the first token (includes the prompt's forward pass). */
  firstTokenMs: number;
  totalMs: number;
  /** Decoding speed: tokens after the first, per second of decoding (NaN for 1 token). */
  tokensPerSecond: number;
}

/** How many candidates each step keeps. */
export const SHOWN = 8;

/** A processor that changes nothing and keeps a copy of the logits it is shown. */
function recorder(): LogitsProcessor & { last: Float32Array | null } {
  return {
    name: 'record',
    last: null,
    process(logits) {
      this.last = Float32Array.from(logits);
    },
  };
}

/** The distribution the sampler draws from: softmax after temperature and top-k (greedy: one-hot). */
function sampledFrom(logits: Float32Array, settings: Settings): Float64Array {
  if (settings.temperature === 0) {
    const q = new Float64Array(logits.length);
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
    q[best] = 1;
    return q;
  }
  const scores = Float32Array.from(logits);
  temperatureProcessor(settings.temperature).process(scores, { ids: [], promptLength: 0 });
  if (settings.topK > 0) topKProcessor(settings.topK).process(scores, { ids: [], promptLength: 0 });
  return softmax(scores);
}

function describeStep(logits: Float32Array, id: number, index: number, settings: Settings, tokenizer: CharTokenizer): Step {
  const p = softmax(logits);
  const q = sampledFrom(logits, settings);
  const order = Array.from(p.keys()).sort((a, b) => p[b] - p[a]);
  const top = order.slice(0, SHOWN).map((i) => ({ id: i, text: tokenizer.idToToken(i) ?? '?', p: p[i], q: q[i] }));
  const sum = (values: Float64Array) => order.slice(SHOWN).reduce((s, i) => s + values[i], 0);
  return { index, id, text: tokenizer.idToToken(id) ?? '?', top, restP: sum(p), restQ: sum(q) };
}

/**
 * Generates from `settings.prompt`, calling `onStep` after every token (and giving the browser a
 * chance to paint every ~30 ms, so the text streams). Throws what generate() throws: an option out
 * of range, a prompt character outside the vocabulary.
 */
export async function runGeneration(demo: DemoModel, settings: Settings, onStep: (step: Step, text: string) => void): Promise<Generation> {
  const record = recorder();
  const stream = generateStream(demo.model, demo.tokenizer, settings.prompt, {
    maxNewTokens: settings.maxNewTokens,
    temperature: settings.temperature,
    ...(settings.topK > 0 ? { topK: settings.topK } : {}),
    seed: settings.seed,
    processors: [record],
  });
  const steps: Step[] = [];
  let text = '';
  const started = performance.now();
  let firstAt = 0;
  let lastAt = 0;
  let painted = started;
  let next = await stream.next();
  while (!next.done) {
    const event = next.value;
    if (event.type === 'token') {
      lastAt = performance.now();
      if (steps.length === 0) firstAt = lastAt;
      text += event.text;
      const step = describeStep(record.last!, event.id, event.index, settings, demo.tokenizer);
      steps.push(step);
      onStep(step, text);
      if (performance.now() - painted > 30) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        painted = performance.now();
      }
    }
    next = await stream.next();
  }
  const [result] = next.value;
  const decoded = steps.length - 1;
  return {
    text: result.text ?? text,
    ids: result.ids,
    steps,
    finishReason: result.finishReason,
    firstTokenMs: firstAt - started,
    totalMs: performance.now() - started,
    tokensPerSecond: decoded > 0 ? decoded / ((lastAt - firstAt) / 1000) : Number.NaN,
  };
}
