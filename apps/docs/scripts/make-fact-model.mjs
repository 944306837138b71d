#!/usr/bin/env node
/**
 * Makes the fact model that guide/editing.md asks, traces and edits in the reader's browser:
 * apps/docs/public/models/fact-model/{config.json, model.safetensors, tokenizer.json, fact-base.json}.
 *
 * The same model `ftheta facts` trains: @ftheta/editing's fact base (invented people, four
 * relations, four paraphrase templates each, first names shared by look-alikes) at its defaults,
 * and a 4-layer GPT-2 with a byte-level BPE trained on every fact in every template
 * (`trainFactModel` at FACT_MODEL_DEFAULTS), with data-parallel gradients on two threads.
 * fact-base.json holds the options that regenerate the base (the page calls `factBase(options)`).
 * At the end it prints recall: for every fact and template, whether the true object is the most
 * likely of its relation's objects.
 *
 *   pnpm --filter @ftheta/docs exec node scripts/make-fact-model.mjs       # several minutes on 2 cores
 *   node scripts/make-fact-model.mjs --steps 50 --out /tmp/probe           # a quick trial run
 *
 * Deterministic on the same tfjs version and thread count: the base, the text, the weights and the
 * batches are seeded. Needs the workspace packages built (`pnpm build` at the root).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '@ftheta/backend';
import { FACT_BASE_DEFAULTS, FACT_MODEL_DEFAULTS, factBase, fillTemplate, relationOf, saveFactModel, targetLogProbs, trainFactModel } from '@ftheta/editing/node';
import { createDataParallel } from '@ftheta/trainer/node';

const DOCS = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(DOCS, 'public', 'models', 'fact-model') },
    /** Training steps (default FACT_MODEL_DEFAULTS.steps; fewer for a quick trial). */
    steps: { type: 'string' },
  },
});

const THREADS = 2;
const info = await initBackend({ prefer: 'wasm' });
const base = factBase(FACT_BASE_DEFAULTS);
const steps = args.steps === undefined ? FACT_MODEL_DEFAULTS.steps : Number(args.steps);
console.log(`fact base: ${base.subjects.length} people, ${base.facts.length} facts; training ${steps} steps on wasm${info.simd ? ' SIMD' : ''}, ${THREADS} threads`);

const gradients = createDataParallel({ threads: THREADS });
const started = performance.now();
let fm;
try {
  fm = await trainFactModel(base, {
    ...FACT_MODEL_DEFAULTS,
    steps,
    gradients,
    onStep: (s) => {
      if (s.step === 1 || s.step % 100 === 0 || s.step === steps) console.log(`  step ${s.step}/${steps} loss ${s.loss.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    },
  });
} finally {
  await gradients.dispose();
}
try {
  console.log(`trained ${fm.steps} steps in ${((performance.now() - started) / 1000).toFixed(0)} s, final loss ${fm.finalLoss.toFixed(4)}`);

  // Recall per template: the true object ranked first (mean log-probability per token) among its relation's objects.
  const questions = [];
  const items = [];
  for (const f of base.facts) {
    const r = relationOf(base, f.relation);
    r.templates.forEach((template, t) => {
      const prompt = fillTemplate(template, f.subject);
      questions.push({ template: t, truth: r.objects.indexOf(f.object), first: items.length, count: r.objects.length });
      for (const target of r.objects) items.push({ prompt, target });
    });
  }
  const { mean } = targetLogProbs(fm.model, fm.tokenizer, items, { batchSize: 128 });
  const recall = [];
  for (const q of questions) {
    let best = 0;
    for (let i = 1; i < q.count; i++) if (mean[q.first + i] > mean[q.first + best]) best = i;
    recall[q.template] ??= { correct: 0, total: 0 };
    recall[q.template].total++;
    if (best === q.truth) recall[q.template].correct++;
  }
  const pct = (c, n) => `${((100 * c) / n).toFixed(1)}% (${c}/${n})`;
  for (const [t, r] of recall.entries()) console.log(`recall, template ${t}: ${pct(r.correct, r.total)}`);
  const correct = recall.reduce((s, r) => s + r.correct, 0);
  const total = recall.reduce((s, r) => s + r.total, 0);
  console.log(`recall, all templates: ${pct(correct, total)}`);

  await saveFactModel(args.out, fm, base, FACT_BASE_DEFAULTS);
  console.log(`wrote ${args.out}`);
} finally {
  fm.model.dispose();
}
