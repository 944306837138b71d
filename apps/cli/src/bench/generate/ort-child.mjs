/**
 * onnxruntime-web's side of `ftheta bench generate`, run in its own Node process per thread count
 * (onnxruntime-web reads `env.wasm.numThreads` once, when its wasm starts, so 1 and 2 threads need
 * two processes). Spawned by ./ort-side.ts; plain JavaScript because it runs outside the bundle.
 *
 * stdin: one JSON object (see OrtChildInput in ./ort-side.ts). stdout: one JSON object. Lines
 * `progress <text>` on stderr are progress. Timing follows ../measure.ts's method (same
 * TimingMethod fields, per-sample seconds returned so the parent takes the median), but awaits
 * each `session.run` because onnxruntime-web's API is asynchronous.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const input = JSON.parse(readFileSync(0, 'utf8'));
const progress = (text) => process.stderr.write(`progress ${text}\n`);
const now = () => performance.now() / 1000;

const ort = await import('onnxruntime-web');
ort.env.wasm.numThreads = input.threads;
ort.env.logLevel = 'error';

const info = JSON.parse(readFileSync(join(input.onnxDir, 'export.json'), 'utf8'));
const sessionOptions = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };
const opts = () => structuredClone(sessionOptions); // onnxruntime-web adds fields to the object it gets
const t = now();
const prefill = await ort.InferenceSession.create(join(input.onnxDir, info.graphs.prefill), opts());
const decode = await ort.InferenceSession.create(join(input.onnxDir, info.graphs.decode), opts());
const loadSec = now() - t;
const threadsUsed = ort.env.wasm.numThreads;
progress(`onnxruntime-web ${ort.env.versions.web}: ${threadsUsed} thread(s), sessions loaded in ${loadSec.toFixed(1)}s`);

const ids = (tokens) => new ort.Tensor('int64', BigInt64Array.from(tokens, (x) => BigInt(x)), [1, tokens.length]);
const pastFeeds = (out) => Object.fromEntries(info.pastNames.map((name, i) => [name, out[info.presentNames[i]]]));

/** Mirrors ../measure.ts `measure` (and `repsFor`) for an async operation: per-sample seconds. */
async function measureAsync(run, m) {
  const warmStart = now();
  const warm = [];
  while (warm.length < m.maxWarmupReps && (warm.length < m.minWarmupReps || now() - warmStart < m.warmupSec)) {
    const t0 = now();
    await run();
    warm.push(now() - t0);
  }
  const sorted = [...warm].sort((a, b) => a - b);
  const opSec = sorted.length ? (sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2) : 0;
  const wanted = opSec > 0 ? Math.ceil(m.sampleSec / opSec) : m.maxRepsPerSample;
  const reps = Math.min(m.maxRepsPerSample, Math.max(m.minRepsPerSample, wanted));
  const samplesSec = [];
  for (let s = 0; s < m.samples; s++) {
    const t0 = now();
    for (let r = 0; r < reps; r++) await run();
    samplesSec.push((now() - t0) / reps);
  }
  return { samplesSec, repsPerSample: reps, warmupReps: warm.length };
}

// Correctness: logits of prefill(check[0..n-2]) then one cached decode step (check[n-1]), as float32.
const check = input.checkTokens;
const pre = await prefill.run({ input_ids: ids(check.slice(0, -1)) });
const step = await decode.run({ input_ids: ids(check.slice(-1)), ...pastFeeds(pre) });
const logits = new Float32Array(pre.logits.data.length + step.logits.data.length);
logits.set(pre.logits.data, 0);
logits.set(step.logits.data, pre.logits.data.length);
writeFileSync(input.checkLogitsFile, Buffer.from(logits.buffer));

const cases = [];
for (const context of input.contexts) {
  const tokens = input.tokens.slice(0, context);
  // Without a cache: one forward over all `context` tokens (logits for every position, as ftheta's forward).
  const full = await measureAsync(() => prefill.run({ input_ids: ids(tokens) }), input.fullMethod);
  // With the cache: the past holds context-1 tokens; each timed step feeds the same past and one token.
  const past = pastFeeds(await prefill.run({ input_ids: ids(tokens.slice(0, -1)) }));
  const last = ids(tokens.slice(-1));
  const cached = await measureAsync(() => decode.run({ input_ids: last, ...past }), input.stepMethod);
  cases.push({ context, full, cached });
  const med = (s) => [...s].sort((a, b) => a - b)[s.length >> 1];
  progress(`ctx ${String(context).padStart(4)}  ${threadsUsed}T  full ${(med(full.samplesSec) * 1000).toFixed(1)} ms  cached ${(med(cached.samplesSec) * 1000).toFixed(2)} ms/token`);
}

process.stdout.write(
  JSON.stringify({
    version: ort.env.versions.web,
    threadsRequested: input.threads,
    threadsUsed,
    simd: ort.env.wasm.simd ?? 'default (the 1.30 wasm builds are SIMD-only)',
    sessionOptions,
    loadSec,
    cases,
  }),
);
process.exit(0);
