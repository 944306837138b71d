// Child process of src/node/streaming.test.ts: runs one merge from the built package under the
// Node flags the test gives (a small --max-old-space-size) and prints its peak memory as JSON.
import { mergeRecipeFile } from '../dist/node.js';

const [recipe, out] = process.argv.slice(2);
const startRss = process.memoryUsage().rss; // after loading the package (and tfjs-core, which it imports)
const peak = { rss: 0, heapUsed: 0, arrayBuffers: 0 };
const sample = () => {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
};
const started = Date.now();
const summary = await mergeRecipeFile(recipe, out, { onProgress: sample });
sample();
const maxRss = process.resourceUsage().maxRSS * 1024; // KiB -> bytes
console.log(JSON.stringify({ ...peak, maxRss, startRss, seconds: (Date.now() - started) / 1000, tensors: summary.tensors, bytes: summary.bytes }));
