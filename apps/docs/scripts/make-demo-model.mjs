#!/usr/bin/env node
/**
 * Makes the small checkpoint that guide/model.md runs in the reader's browser:
 * apps/docs/public/models/tiny-sums/{config.json, model.safetensors, tokenizer.json}.
 *
 * ftheta ships only data it generates itself, so the corpus is made here, in code:
 *   - sums of two digits, one per line: `7+5=12` (all 100 of them appear, many times);
 *   - sentences from a tiny grammar whose verb agrees with its subject across an adjective:
 *     `the small cat sees a red fox.` but `the small cats see a red fox.`
 * Both are structure a reader can check by eye: the right sum after `=`, an `s` on the verb exactly
 * when the subject is singular, a full stop and a newline at the end of every sentence.
 *
 * A CharTokenizer over the corpus, a GPT-2-style Transformer (config below: 4 layers, width 64,
 * context 64, ~0.2M parameters, < 1 MB), and a plain tfjs training loop: Adam on the cross-entropy
 * of the next character, over random 64-character windows of the corpus. Deterministic: the corpus,
 * the initial weights and the batches all come from seeded generators, and Node's wasm backend
 * runs one thread, so the same script writes the same files (on the same tfjs version).
 *
 *   pnpm --filter @ftheta/docs exec node scripts/make-demo-model.mjs     # ~2 minutes on 2 cores
 *
 * Result (550 steps, 2 cores): loss ~0.61 nats/char; the verb agreement is learned, and 76 of 100
 * sums are right when asked after a newline (the model has seen sums only after one).
 *   node scripts/make-demo-model.mjs --steps 50 --out /tmp/probe          # a quick trial run
 *
 * Needs the workspace packages built (`pnpm build` at the root, or in packages/{backend,tokenizer,core-model}).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '@ftheta/backend';
import { countParameters, formatParameterCount, fromParamStore, generate, initTransformer, mulberry32, parseTransformerConfig } from '@ftheta/core-model';
import { saveCheckpointDir } from '@ftheta/core-model/node';
import { CharTokenizer } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';

const DOCS = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '550' },
    out: { type: 'string', default: path.join(DOCS, 'public', 'models', 'tiny-sums') },
  },
});

/** Everything that decides the result. Change one and the files change. */
const SEED = 42;
const CORPUS_LINES = 12_000;
const SUM_SHARE = 0.7; // of the lines; sums are the harder half to learn
const STEPS = Number(args.steps);
const BATCH = 24;
const LEARNING_RATE = 3e-3; // constant, then linear decay to 10% over the last third
const ARCHITECTURE = {
  // Chosen by people (config.json); the parameters are learned (model.safetensors).
  model_type: 'gpt2',
  architectures: ['GPT2LMHeadModel'],
  n_positions: 64,
  n_embd: 64,
  n_layer: 4,
  n_head: 4,
};

// ---- the corpus -------------------------------------------------------------------------------

const random = mulberry32(SEED);
const pick = (list) => list[Math.floor(random() * list.length)];

/** `7+5=12`: both operands single digits. */
function sum() {
  const a = Math.floor(random() * 10);
  const b = Math.floor(random() * 10);
  return `${a}+${b}=${a + b}`;
}

const NOUNS = ['cat', 'dog', 'bird', 'frog', 'robot', 'duck'];
const ADJECTIVES = ['small', 'red', 'happy', 'old'];
const VERBS = ['see', 'like', 'chase', 'find'];

/** `the [adj] noun[s] verb[s] the|a [adj] noun[s].`: the verb agrees with the subject. */
function sentence() {
  const plural = random() < 0.5;
  const subject = `${pick(['the', 'a'].slice(0, plural ? 1 : 2))} ${random() < 0.5 ? `${pick(ADJECTIVES)} ` : ''}${pick(NOUNS)}${plural ? 's' : ''}`;
  const verb = `${pick(VERBS)}${plural ? '' : 's'}`;
  const objectPlural = random() < 0.3;
  const object = `${objectPlural ? 'the' : pick(['the', 'a'])} ${random() < 0.5 ? `${pick(ADJECTIVES)} ` : ''}${pick(NOUNS)}${objectPlural ? 's' : ''}`;
  return `${subject} ${verb} ${object}.`;
}

const lines = Array.from({ length: CORPUS_LINES }, () => (random() < SUM_SHARE ? sum() : sentence()));
const corpus = `${lines.join('\n')}\n`;
const tokenizer = CharTokenizer.fromText(corpus);
const data = Int32Array.from(tokenizer.encode(corpus));
console.log(`corpus: ${lines.length} lines, ${data.length} characters, vocabulary ${tokenizer.vocabSize}: ${JSON.stringify(tokenizer.chars.join(''))}`);
console.log(`  e.g. ${JSON.stringify(lines.slice(0, 4))}`);

// ---- the model --------------------------------------------------------------------------------

const info = await initBackend({ prefer: 'wasm' });
const config = parseTransformerConfig({ ...ARCHITECTURE, vocab_size: tokenizer.vocabSize });
const model = initTransformer(config, { seed: SEED });
console.log(`model: ${formatParameterCount(countParameters(config))} parameters on ${info.name}, ${JSON.stringify(ARCHITECTURE)}`);

// ---- training ---------------------------------------------------------------------------------

const T = config.n_positions;
const V = config.vocab_size;

/** B random windows of T+1 characters: inputs are the first T, targets the last T. */
function batch() {
  const x = new Int32Array(BATCH * T);
  const y = new Int32Array(BATCH * T);
  for (let b = 0; b < BATCH; b++) {
    const start = Math.floor(random() * (data.length - T - 1));
    x.set(data.subarray(start, start + T), b * T);
    y.set(data.subarray(start + 1, start + T + 1), b * T);
  }
  return { x: tf.tensor2d(x, [BATCH, T], 'int32'), y: tf.tensor1d(y, 'int32') };
}

const optimizer = tf.train.adam(LEARNING_RATE);
const variables = [...model.params.entries()].map(([, v]) => v);
const started = performance.now();
let smoothed = null;
for (let step = 1; step <= STEPS; step++) {
  const decayFrom = Math.floor((STEPS * 2) / 3);
  optimizer.learningRate = step <= decayFrom ? LEARNING_RATE : LEARNING_RATE * (1 - (0.9 * (step - decayFrom)) / (STEPS - decayFrom));
  const { x, y } = batch();
  const loss = optimizer.minimize(
    () => {
      const { logits, state } = model.forward(x); // [B,T,V]
      state.dispose(); // the KV cache: not needed for training
      return tf.losses.softmaxCrossEntropy(tf.oneHot(y, V), tf.reshape(logits, [BATCH * T, V])); // mean over B*T
    },
    true,
    variables,
  );
  const value = (await loss.data())[0];
  tf.dispose([x, y, loss]);
  smoothed = smoothed === null ? value : 0.9 * smoothed + 0.1 * value;
  if (step === 1 || step % 25 === 0 || step === STEPS) {
    const seconds = (performance.now() - started) / 1000;
    console.log(`step ${String(step).padStart(4)}  loss ${value.toFixed(4)}  (smoothed ${smoothed.toFixed(4)})  ${seconds.toFixed(1)} s`);
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(`trained ${STEPS} steps × ${BATCH}×${T} tokens in ${seconds.toFixed(1)} s; final smoothed loss ${smoothed.toFixed(4)} nats/char`);

// ---- what it learned --------------------------------------------------------------------------

for (const prompt of ['2+2=4\n7+5=', '6+3=9\n9+8=', 'the small cat ', 'the small cats ', 'a happy robot ']) {
  const [out] = await generate(model, tokenizer, prompt, { maxNewTokens: 24, temperature: 0 });
  console.log(`  greedy ${JSON.stringify(prompt)} -> ${JSON.stringify(out.text)}`);
}
let right = 0;
const checked = 100;
const check = mulberry32(SEED + 1);
for (let i = 0; i < checked; i++) {
  const a = Math.floor(check() * 10);
  const b = Math.floor(check() * 10);
  const [out] = await generate(model, tokenizer, `\n${a}+${b}=`, { maxNewTokens: 3, temperature: 0 });
  if (out.text.split('\n')[0] === String(a + b)) right++;
}
console.log(`sums right (greedy): ${right}/${checked}`);

// ---- the checkpoint ---------------------------------------------------------------------------

mkdirSync(args.out, { recursive: true });
await saveCheckpointDir(args.out, {
  config: { ...ARCHITECTURE, vocab_size: tokenizer.vocabSize },
  tensors: fromParamStore(model.params),
  tokenizerJson: tokenizer.toJSON(),
  metadata: { format: 'pt', made_by: 'apps/docs/scripts/make-demo-model.mjs', steps: String(STEPS), final_loss: smoothed.toFixed(4), sums_right: `${right}/${checked}` },
});
console.log(`wrote ${args.out}`);
model.dispose();
