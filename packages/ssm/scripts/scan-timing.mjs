/**
 * Times the chunked vs the sequential selective scan, forward and forward+backward, on one shape.
 * Run after `pnpm --filter @ftheta/ssm build`:
 *   node packages/ssm/scripts/scan-timing.mjs [--backend wasm] [--b 8] [--t 256] [--d 128] [--n 16] [--chunks 8,16,32]
 */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { chunkedScan, sequentialScan } from '../dist/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const backend = arg('backend', 'wasm');
const [b, t, d, n] = ['b', 't', 'd', 'n'].map((k, i) => Number(arg(k, [8, 256, 128, 16][i])));
const chunks = arg('chunks', '8,16,32').split(',').map(Number);
await initBackend({ prefer: backend });

const inputs = tf.tidy(() => ({
  x: tf.randomNormal([b, t, d], 0, 1, 'float32', 1),
  delta: tf.softplus(tf.randomNormal([b, t, d], -1, 1, 'float32', 2)),
  A: tf.neg(tf.exp(tf.randomNormal([d, n], 0, 0.5, 'float32', 3))),
  B: tf.randomNormal([b, t, n], 0, 1, 'float32', 4),
  C: tf.randomNormal([b, t, n], 0, 1, 'float32', 5),
  D: tf.ones([d]),
}));

function time(label, scan, reps = Number(arg("reps", 5))) {
  const fwd = () => {
    const { y, state } = scan(inputs);
    y.dataSync();
    tf.dispose([y, state]);
  };
  const bwd = () => {
    const f = (x, delta, A, B, C) => {
      const { y, state } = scan({ ...inputs, x, delta, A, B, C });
      return tf.add(tf.sum(y), tf.sum(state));
    };
    const g = tf.grads(f)([inputs.x, inputs.delta, inputs.A, inputs.B, inputs.C]);
    for (const x of g) x.dataSync();
    tf.dispose(g);
  };
  const best = (fn) => {
    // best of `reps` after one warm-up run
    fn(); // warm-up
    let m = Number.POSITIVE_INFINITY;
    for (let i = 0; i < reps; i++) {
      const s = performance.now();
      fn();
      m = Math.min(m, performance.now() - s);
    }
    return m;
  };
  const f = best(fwd);
  const fb = best(bwd);
  console.log(`${label.padEnd(18)} forward ${f.toFixed(1).padStart(8)} ms   forward+backward ${fb.toFixed(1).padStart(8)} ms`);
  return { label, forward: f, forwardBackward: fb };
}

console.log(`${tf.getBackend()}: B ${b}, T ${t}, d_inner ${d}, N ${n}`);
const rows = [time('sequential', sequentialScan)];
for (const L of chunks) rows.push(time(`chunked L=${L}`, (i) => chunkedScan(i, { chunkSize: L })));
console.log(JSON.stringify(rows));
tf.dispose(Object.values(inputs));
