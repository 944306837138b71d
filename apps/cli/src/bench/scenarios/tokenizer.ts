/**
 * `ftheta bench tokenizer`: in one run, on tinyshakespeare —
 * - encode/decode MB/s for cl100k_base and r50k_base beside gpt-tokenizer, js-tiktoken and tiktoken
 *   (wasm) (goal: ftheta ≥ 1.5x the fastest peer);
 * - BPE training time beside Hugging Face `tokenizers` (its Rust trainer) (goal: ≤ 2x its time);
 * - pixel round-trip error with 512 colours and µ-law round-trip SNR.
 */
import { createRequire } from 'node:module';
import pkg from '../../../package.json';
import { measureEncodeSpeed } from '../tokenizer/encode-speed';
import { measureMediaRoundTrip } from '../tokenizer/media-roundtrip';
import { measureTrainSpeed } from '../tokenizer/train-speed';
import type { BenchScenario, ScenarioReport } from '../scenario';
import { readSharedData } from '../shared-data';

const PEERS = ['gpt-tokenizer', 'js-tiktoken', 'tiktoken', 'tokenizers'] as const;

/** The peers' versions as pinned in this CLI's package.json (their own package.json is not always exported). */
function peerVersions(): Record<string, string | null> {
  const pinned = (pkg as { devDependencies?: Record<string, string> }).devDependencies ?? {};
  const tokenizer = (() => {
    try {
      return (createRequire(import.meta.url)('@ftheta/tokenizer/package.json') as { version: string }).version;
    } catch {
      return null;
    }
  })();
  return { '@ftheta/tokenizer': tokenizer, ...Object.fromEntries(PEERS.map((p) => [p, pinned[p] ?? null])) };
}

async function runTokenizerBench(context: { quick: boolean; progress(line: string): void }): Promise<ScenarioReport> {
  const { path, text: full } = readSharedData('tinyshakespeare.txt');
  const text = context.quick ? full.slice(0, 100_000) : full;
  const log = (line: string) => context.progress(line);
  log(`text: ${path} (${context.quick ? 'first 100 kB, quick' : `${full.length} chars`})`);
  const encode = await measureEncodeSpeed({ text, quick: context.quick, log });
  const train = await measureTrainSpeed({ text, vocabSize: 8000, quick: context.quick, log });
  const media = await measureMediaRoundTrip({ quick: context.quick, log });
  return {
    summary: {
      encode: encode.summary,
      train: { ...train.summary, goal: { rule: 'fthetaOverHf <= 2 (time ratio, same merges, same lines)', met: train.summary.fthetaOverHf !== null && train.summary.fthetaOverHf <= 2 } },
      pixel512: { psnrDb: media.pixel.psnrDb, meanAbsError: media.pixel.meanAbsError },
      muLaw: media.audio,
    },
    versions: peerVersions(),
    data: { path, bytes: Buffer.byteLength(text) },
    encode,
    train,
    media,
  };
}

export const tokenizerScenario: BenchScenario = {
  name: 'tokenizer',
  description: 'tokenizer encode/decode MB/s vs gpt-tokenizer, js-tiktoken, tiktoken; BPE training vs HF tokenizers; pixel and mu-law round trips',
  run: runTokenizerBench,
};
