/**
 * The live part of guide/editing.md: load the fact model (made by scripts/make-fact-model.mjs)
 * and regenerate its fact base from fact-base.json, then, with @ftheta/editing, ask it a question,
 * trace where it holds the answer (causal tracing) and rewrite one fact with ROME — the key
 * statistics C computed once here from the model's own training text — keeping the undo so the
 * reader can put the old weights back. Browser only: FactEditDemo.vue imports this module
 * dynamically from onMounted, so VitePress's server-side render never loads tfjs.
 */
import { type BackendInfo, initBackend } from '@ftheta/backend';
import { type Transformer, type TransformerConfig, countParameters, formatParameterCount, generate, loadCheckpoint, parseTransformerConfig, transformerFromWeights } from '@ftheta/core-model';
import {
  type CausalTrace,
  type FactBase,
  type FactBaseOptions,
  type KeyStatistics,
  ROME_DEFAULT_LAYER,
  SENTENCE_START,
  VALUE_DEFAULTS,
  applyWeightDeltas,
  causalTrace,
  contextPrefixes,
  factBase,
  factCorpus,
  fillTemplate,
  keyStatistics,
  objectOf,
  relationOf,
  romeEdit,
  targetLogProbs,
} from '@ftheta/editing';
import { type Tokenizer, parseTokenizerJson, tokenizerFromHfSpec } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { WASM_PATHS } from './wasm-paths';

/** Passes over the facts in the text C is estimated from (`ftheta edit` uses the same). */
export const STATS_PASSES = 2;
/** Token positions C averages over (the library's default), and how many pieces it is computed in (one status line each). */
export const STATS_POSITIONS = 20_000;
const STATS_PIECES = 4;

export interface FactEditDemo {
  model: Transformer;
  tokenizer: Tokenizer;
  config: TransformerConfig;
  base: FactBase;
  baseOptions: Required<FactBaseOptions>;
  parametersText: string;
  backend: BackendInfo;
  loadMs: number;
  /** Computed on the first edit, then reused: C at the edit layer, and ROME's context prefixes. */
  stats: KeyStatistics | null;
  contexts: string[] | null;
  /** Puts the weights back as they were before the current edit (null: the model is unedited). */
  undo: (() => void) | null;
}

/** A person's look-alike: the first other person with the same first name (null if none). */
export function lookAlike(base: FactBase, subject: string): string | null {
  const first = subject.split(' ')[0];
  return base.subjects.find((s) => s !== subject && s.split(' ')[0] === first) ?? null;
}

/** The people who have a look-alike, in the base's order. */
export function peopleWithLookAlikes(base: FactBase): string[] {
  return base.subjects.filter((s) => lookAlike(base, s) !== null);
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/** Starts wasm, loads the checkpoint under `url` and regenerates its fact base. */
export async function loadFactEditDemo(url: string, onStatus: (message: string) => void): Promise<FactEditDemo> {
  const started = performance.now();
  onStatus('starting the wasm backend…');
  const backend = await initBackend({ prefer: 'wasm', wasmPaths: WASM_PATHS });
  onStatus(`downloading ${url}…`);
  const [json, checkpoint] = await Promise.all([fetchJson(`${url}/fact-base.json`), loadCheckpoint(url)]);
  const o = json as Record<string, unknown>;
  if (o.format !== 'ftheta-fact-base') throw new Error(`${url}/fact-base.json: "format" must be "ftheta-fact-base", got ${JSON.stringify(o.format)}`);
  for (const k of ['seed', 'subjects', 'shareFirstName'] as const) {
    if (typeof o[k] !== 'number' || !Number.isFinite(o[k])) throw new Error(`${url}/fact-base.json: "${k}" must be a number, got ${JSON.stringify(o[k])}`);
  }
  const baseOptions = { seed: o.seed as number, subjects: o.subjects as number, shareFirstName: o.shareFirstName as number };
  if (checkpoint.tokenizerJson === null) throw new Error(`${url}: the checkpoint has no tokenizer.json`);
  const tokenizer = tokenizerFromHfSpec(parseTokenizerJson(checkpoint.tokenizerJson, `${url}/tokenizer.json`));
  const config = parseTransformerConfig(checkpoint.config, `${url}/config.json`);
  const model = transformerFromWeights(config, checkpoint.tensors);
  return {
    model,
    tokenizer,
    config,
    base: factBase(baseOptions),
    baseOptions,
    parametersText: formatParameterCount(countParameters(config)),
    backend,
    loadMs: performance.now() - started,
    stats: null,
    contexts: null,
    undo: null,
  };
}

/** One object of a relation and its probability as the answer (all of its tokens, teacher-forced). */
export interface ObjectProbability {
  object: string;
  p: number;
}

/** The model's answer to one prompt. */
export interface Answer {
  prompt: string;
  /** The greedy continuation, up to the end of the sentence. */
  text: string;
  /** The relation's objects by P(object | prompt), most likely first. */
  objects: ObjectProbability[];
}

/** The prompt of `relation` in paraphrase template `template` about `subject`. */
export function promptOf(demo: FactEditDemo, subject: string, relation: string, template = 0): string {
  return fillTemplate(relationOf(demo.base, relation).templates[template]!, subject);
}

/** Asks each prompt (about `relation`): greedy continuation, and P of every object of the relation. */
export async function ask(demo: FactEditDemo, prompts: readonly string[], relation: string): Promise<Answer[]> {
  const objects = relationOf(demo.base, relation).objects;
  const results = await generate(
    demo.model,
    demo.tokenizer,
    prompts.map((p) => SENTENCE_START + p),
    { maxNewTokens: 8, temperature: 0, stop: ['.', '\n'], eosTokenId: [] },
  );
  const { sum } = targetLogProbs(
    demo.model,
    demo.tokenizer,
    prompts.flatMap((prompt) => objects.map((target) => ({ prompt, target }))),
  );
  return prompts.map((prompt, i) => ({
    prompt,
    text: (results[i]!.text ?? '').trim(),
    objects: objects.map((object, j) => ({ object, p: Math.exp(sum[i * objects.length + j]!) })).sort((a, b) => b.p - a.p),
  }));
}

/** Causal trace of the relation's template-0 prompt about `subject`, restoring hidden states. */
export function trace(demo: FactEditDemo, subject: string, relation: string): CausalTrace {
  return causalTrace(demo.model, demo.tokenizer, promptOf(demo, subject, relation), subject, { kind: 'hidden' });
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * C at ROME's layer, over the model's training text ({@link STATS_PASSES} passes over the facts),
 * computed in {@link STATS_PIECES} runs of `keyStatistics` over consecutive windows — the same
 * windows and the same average as one call — so the page can say how far it is between them.
 */
export async function computeStatistics(demo: FactEditDemo, onStatus: (message: string) => void): Promise<KeyStatistics> {
  const layer = ROME_DEFAULT_LAYER;
  const text = factCorpus(demo.base, STATS_PASSES);
  const tokens = Int32Array.from(demo.tokenizer.encode(text, { disallowedSpecial: [] }));
  const T = demo.config.n_positions;
  const windows = Math.min(Math.floor((tokens.length - 1) / T), Math.ceil(STATS_POSITIONS / T));
  const per = Math.ceil(windows / STATS_PIECES);
  let sum: Float64Array | null = null;
  let count = 0;
  let dim = 0;
  for (let w = 0; w < windows; w += per) {
    const n = Math.min(per, windows - w);
    onStatus(`key statistics C = E[kkᵀ] at layer ${layer}: ${count.toLocaleString('en')} of ${(windows * T).toLocaleString('en')} token positions…`);
    await tick();
    const piece = keyStatistics(demo.model, tokens.subarray(w * T, (w + n) * T + 1), { layer, positions: n * T, window: T });
    dim = piece.dim;
    sum ??= new Float64Array(piece.mom2.length);
    for (let i = 0; i < sum.length; i++) sum[i]! += piece.mom2[i]! * piece.count;
    count += piece.count;
  }
  for (let i = 0; i < sum!.length; i++) sum![i]! /= count;
  return { layer, dim, count, mom2: sum! };
}

/** What one edit did, and how long each phase took (ms). */
export interface EditResult {
  subject: string;
  relation: string;
  target: string;
  /** Target NLL per token before and after the value search, and its Adam steps. */
  nllBefore: number;
  nllAfter: number;
  steps: number;
  /** ‖ΔW‖ / ‖W‖ of the edited matrix. */
  relativeChange: number;
  ms: { stats: number; contexts: number; rome: number };
}

/**
 * Rewrites (subject, relation) → target with ROME at {@link ROME_DEFAULT_LAYER}, computing C and
 * the context prefixes first if this is the first edit. Any earlier edit is undone first (one edit
 * at a time); the undo is kept in `demo.undo`.
 */
export async function editFact(demo: FactEditDemo, subject: string, relation: string, target: string, onStatus: (message: string) => void): Promise<EditResult> {
  resetEdit(demo);
  const ms = { stats: 0, contexts: 0, rome: 0 };
  let t = performance.now();
  if (!demo.stats) {
    demo.stats = await computeStatistics(demo, onStatus);
    ms.stats = performance.now() - t;
  }
  t = performance.now();
  if (!demo.contexts) {
    onStatus('sampling context prefixes from the model…');
    await tick();
    demo.contexts = await contextPrefixes(demo.model, demo.tokenizer);
    ms.contexts = performance.now() - t;
  }
  const keep = demo.base.relations.filter((r) => r.id !== relation).map((r) => fillTemplate(r.templates[0]!, subject));
  onStatus(`ROME: finding v* (up to ${VALUE_DEFAULTS.steps} Adam steps over ${demo.contexts.length} contexts) and the rank-one update…`);
  await tick();
  t = performance.now();
  const edit = romeEdit(demo.model, demo.tokenizer, { subject, prompt: relationOf(demo.base, relation).templates[0]!, target }, demo.stats, {
    layer: ROME_DEFAULT_LAYER,
    contexts: demo.contexts,
    keep,
    ...VALUE_DEFAULTS,
  });
  const delta = edit.deltas[0];
  const relativeChange = tf.tidy(() => {
    const w = demo.model.params.get(delta.name)!;
    return tf.norm(tf.tensor(delta.delta)).dataSync()[0]! / tf.norm(w).dataSync()[0]!;
  });
  demo.undo = applyWeightDeltas(demo.model, edit.deltas);
  ms.rome = performance.now() - t;
  return { subject, relation, target, nllBefore: edit.value.nllBefore, nllAfter: edit.value.nllAfter, steps: edit.value.steps, relativeChange, ms };
}

/** Puts the weights back as they were before the edit (nothing to do when unedited). */
export function resetEdit(demo: FactEditDemo): void {
  demo.undo?.();
  demo.undo = null;
}

/** The object of (subject, relation) in the fact base: what the model was trained to say. */
export function trueObject(demo: FactEditDemo, subject: string, relation: string): string {
  return objectOf(demo.base, subject, relation) ?? '';
}

/**
 * The page's first question: the first person with a look-alike whose look-alike has another
 * answer to the first relation (so an edit that leaked would show), and a new object neither has.
 */
export function defaultChoice(base: FactBase): { subject: string; relation: string; target: string } {
  const relation = base.relations[0]!;
  const differs = (s: string) => {
    const other = lookAlike(base, s);
    return other !== null && objectOf(base, other, relation.id) !== objectOf(base, s, relation.id);
  };
  const subject = base.subjects.find(differs) ?? peopleWithLookAlikes(base)[0] ?? base.subjects[0]!;
  const taken = [objectOf(base, subject, relation.id), objectOf(base, lookAlike(base, subject) ?? '', relation.id)];
  return { subject, relation: relation.id, target: relation.objects.find((o) => !taken.includes(o)) ?? relation.objects[0]! };
}

/** Tensors alive in tfjs now (the page shows it, so a leak would show). */
export const liveTensors = (): number => tf.memory().numTensors;
