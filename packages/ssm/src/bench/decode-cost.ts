/**
 * Decode cost against context length, for any {@link CausalLM}: grow the model's state to each
 * context (in chunks, as a long prompt would be read), then time single-token forward calls from
 * that state. A Transformer's step reads a KV cache that grows with the context; Mamba's reads a
 * fixed-size state — this is the measurement that shows the difference.
 *
 * One implementation for Node and browsers: {@link decodeCostSteps} is a generator that yields
 * between pieces of work (never inside a timed call), so `ftheta bench ssm` runs it straight
 * through ({@link measureDecodeCost}) and a web page awaits between pieces to stay responsive
 * ({@link measureDecodeCostAsync}). Framework-free: tfjs-core and the CausalLM contract only.
 */
import type { CausalLM, ModelState } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';

/** What to measure. */
export interface DecodeCostOptions {
  /** Context lengths to measure at, ascending (each extends the previous state). */
  contexts: readonly number[];
  /** Tokens per prefill forward call. */
  prefillChunk: number;
  /** Timed single-token calls per context (the median is reported); also the number of timed rounds. */
  steps: number;
  /** Untimed rounds (one single-token call per context each) before the timed ones. Default 2. */
  warmup?: number;
  /** Token ids are drawn from [0, vocab). */
  vocab: number;
  /** Seed of the (deterministic) random prompt. */
  seed: number;
}

/** One context's figure. */
export interface DecodePoint {
  context: number;
  /** Median ms of one single-token forward call from a state of `context` tokens, until its logits are read back. */
  msPerToken: number;
  /** Bytes tfjs holds for the state at this context (the whole KV cache, or Mamba's conv + SSM state). */
  stateBytes: number;
}

/**
 * Where {@link decodeCostSteps} is: after each prefill chunk, each single-token call, each timed
 * round (with the medians so far, for a live chart), and once per context at the end.
 */
export type DecodeCostEvent =
  | { kind: 'prefill'; context: number; length: number }
  | { kind: 'step'; context: number; round: number; of: number }
  | { kind: 'round'; round: number; of: number; points: DecodePoint[] }
  | { kind: 'point'; point: DecodePoint };

function check(o: DecodeCostOptions): void {
  const positive = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`decodeCost: ${name} must be a positive integer, got ${v}`);
  };
  if (o.contexts.length === 0) throw new Error('decodeCost: contexts is empty');
  o.contexts.forEach((c, i) => {
    positive(`contexts[${i}]`, c);
    if (i > 0 && c <= o.contexts[i - 1]) throw new Error(`decodeCost: contexts must ascend, got ${o.contexts.join(', ')}`);
  });
  positive('prefillChunk', o.prefillChunk);
  positive('steps', o.steps);
  positive('vocab', o.vocab);
  if (o.warmup !== undefined && (!Number.isInteger(o.warmup) || o.warmup < 0)) throw new Error(`decodeCost: warmup must be an integer ≥ 0, got ${o.warmup}`);
}

/** `n` token ids in [0, vocab) from a small LCG (the same prompt for every model given the same seed). */
function randomIds(n: number, vocab: number, seed: number): Int32Array {
  let s = seed >>> 0;
  return Int32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % vocab;
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The measurement as a generator: drive it with `next()` until it is done; its return value is one
 * {@link DecodePoint} per context. First the state is grown to each context in turn (each context's
 * state is kept); then the single-token calls run in rounds, one call per context per round, so a
 * noisy moment of the machine (another process, a GC pause) touches every context alike instead of
 * spoiling one context's median. Pausing between yields changes no timing (every timed call runs
 * between two yields). Abandoning it (`return()`, or a `break` out of `for…of`) disposes the states;
 * on completion it checks that `tf.memory().numTensors` is back where it started, and throws if not.
 */
export function* decodeCostSteps(model: CausalLM, o: DecodeCostOptions): Generator<DecodeCostEvent, DecodePoint[], void> {
  check(o);
  const warmup = o.warmup ?? 2;
  const rounds = warmup + o.steps;
  const startTensors = tf.memory().numTensors;
  const startBytes = tf.memory().numBytes; // nothing of the run is alive yet: what grows is the states
  const states: ModelState[] = []; // the state at each context
  const stateBytes: number[] = [];
  let current: ModelState | undefined; // the state being grown (not yet in `states`)
  let token: tf.Tensor2D | undefined;
  try {
    // 1. Prefill: grow the state to each context, in chunks; keep the state at each context.
    let held = 0;
    for (const context of o.contexts) {
      const from = states.at(-1);
      current = from;
      const ids = randomIds(context - (from?.length ?? 0), o.vocab, o.seed + context);
      for (let i = 0; i < ids.length; i += o.prefillChunk) {
        const part = ids.subarray(i, Math.min(ids.length, i + o.prefillChunk));
        const input = tf.tensor2d(part, [1, part.length], 'int32');
        const out = model.forward(input, current);
        input.dispose();
        out.logits.dispose();
        if (current !== from) current?.dispose();
        current = out.state;
        yield { kind: 'prefill', context, length: current.length };
      }
      if (!current || current === from) throw new Error('decodeCost: no state after prefill');
      states.push(current);
      current = undefined;
      const now = tf.memory().numBytes - startBytes;
      stateBytes.push(Math.max(0, now - held));
      held = now;
    }

    // 2. Timing: `rounds` rounds of one single-token call per context (the first `warmup` untimed),
    //    each from that context's state, so the context stays fixed.
    token = tf.tensor2d([[1]], [1, 1], 'int32');
    const times: number[][] = o.contexts.map(() => []);
    const pointsNow = () =>
      o.contexts.map((context, c) => ({ context, msPerToken: Math.round(median(times[c]) * 1000) / 1000, stateBytes: stateBytes[c] }));
    for (let round = 0; round < rounds; round++) {
      for (let c = 0; c < o.contexts.length; c++) {
        const t0 = performance.now();
        const out = model.forward(token, states[c]);
        out.logits.dataSync(); // the step is done when its logits are readable
        const ms = performance.now() - t0;
        out.logits.dispose();
        out.state.dispose();
        if (round >= warmup) times[c].push(ms);
        yield { kind: 'step', context: o.contexts[c], round: round + 1, of: rounds };
      }
      if (round >= warmup) yield { kind: 'round', round: round + 1, of: rounds, points: pointsNow() };
    }
    const points = pointsNow();
    for (const point of points) yield { kind: 'point', point };
    token.dispose();
    token = undefined;
    for (const s of states.splice(0)) s.dispose();
    const leaked = tf.memory().numTensors - startTensors;
    if (leaked !== 0) throw new Error(`decodeCost: ${leaked} tensors leaked`);
    return points;
  } finally {
    token?.dispose();
    if (current && !states.includes(current)) current.dispose();
    for (const s of states) s.dispose();
  }
}

/** Runs {@link decodeCostSteps} straight through (Node, workers), reporting each event. */
export function measureDecodeCost(model: CausalLM, o: DecodeCostOptions, onEvent?: (e: DecodeCostEvent) => void): DecodePoint[] {
  const run = decodeCostSteps(model, o);
  for (;;) {
    const r = run.next();
    if (r.done) return r.value;
    onEvent?.(r.value);
  }
}

/** How {@link measureDecodeCostAsync} hands control back between pieces of work. */
export interface DecodeCostDriver {
  /** Called after every event; awaited. A page passes something that yields to the browser. */
  pause(): Promise<void>;
  onEvent?(e: DecodeCostEvent): void;
  /** Stops between two pieces of work: the state is disposed and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Runs {@link decodeCostSteps}, awaiting `driver.pause()` between pieces of work (a page stays responsive). */
export async function measureDecodeCostAsync(model: CausalLM, o: DecodeCostOptions, driver: DecodeCostDriver): Promise<DecodePoint[]> {
  const run = decodeCostSteps(model, o);
  try {
    for (;;) {
      driver.signal?.throwIfAborted();
      const r = run.next();
      if (r.done) return r.value;
      driver.onEvent?.(r.value);
      await driver.pause();
    }
  } finally {
    run.return([]); // a no-op once done; otherwise runs the generator's cleanup
  }
}
