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
  STATS_DEFAULT_POSITIONS,
  SENTENCE_START,
  VALUE_DEFAULTS,
  applyWeightDeltas,
  causalTrace,
  contextPrefixes,
  fillTemplate,
  keyStatisticsAsync,
  keyStatisticsText,
  parseFactBaseJson,
  objectOf,
  relationOf,
  romeEdit,
  targetLogProbs,
} from '@ftheta/editing';
import { type Tokenizer, parseTokenizerJson, tokenizerFromHfSpec } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { WASM_PATHS } from './wasm-paths';

/** Token positions C averages over (the library's default). */
export const STATS_POSITIONS = STATS_DEFAULT_POSITIONS;

export interface FactEditDemo {
  model: Transformer;
  tokenizer: Tokenizer;
  config: TransformerConfig;
  base: FactBase;
  baseOptions: Required<FactBaseOptions>;
  /** The model's training text had the record lines (its key statistics' text has them too). */
  records: boolean;
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
  const fact = parseFactBaseJson(json, `${url}/fact-base.json`);
  if (checkpoint.tokenizerJson === null) throw new Error(`${url}: the checkpoint has no tokenizer.json`);
  const tokenizer = tokenizerFromHfSpec(parseTokenizerJson(checkpoint.tokenizerJson, `${url}/tokenizer.json`));
  const config = parseTransformerConfig(checkpoint.config, `${url}/config.json`);
  const model = transformerFromWeights(config, checkpoint.tensors);
  return {
    model,
    tokenizer,
    config,
    base: fact.base,
    baseOptions: fact.options,
    records: fact.records,
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

/** C at ROME's layer over the model's own text (keyStatisticsText), with progress between batches. */
export async function computeStatistics(demo: FactEditDemo, onStatus: (message: string) => void): Promise<KeyStatistics> {
  const layer = ROME_DEFAULT_LAYER;
  const tokens = Int32Array.from(demo.tokenizer.encode(keyStatisticsText(demo.base, demo.records), { disallowedSpecial: [] }));
  return keyStatisticsAsync(demo.model, tokens, {
    layer,
    positions: STATS_POSITIONS,
    onProgress: (done, total) => onStatus(`key statistics C = E[kkᵀ] at layer ${layer}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} token positions…`),
  });
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
