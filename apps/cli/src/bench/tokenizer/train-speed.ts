/**
 * BPE training time: ftheta's trainer (`trainBpe`) beside Hugging Face `tokenizers` (its Rust
 * BpeTrainer, through the Node binding) on the same text, in this process.
 *
 * Same work on both sides: the text is read line by line (HF's `train(files)` splits each line on
 * its own, so ftheta gets the same lines), GPT-2's ByteLevel pre-tokenizer without prefix space, no
 * special tokens, every pair seen at least once may merge. The Node binding exposes no trainer
 * options: it always trains with BpeTrainer's defaults (vocab_size 30000, min_frequency 0, alphabet
 * = the characters seen), which on a small corpus means "merge until no pair is left". So the
 * headline ratio times ftheta doing exactly HF's number of merges; ftheta's time for the asked
 * vocabulary size (e.g. 8k) is reported beside it, and its merges are compared with HF's first ones.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bytesToByteLevel, trainBpe, type BpeSpec } from '@ftheta/tokenizer';
import { round } from '../../util/stats';
import { measure, type Measurement, type TimingMethod } from '../measure';

/** What {@link measureTrainSpeed} needs. */
export interface TrainSpeedOptions {
  /** Training text (tinyshakespeare in the scenario). */
  text: string;
  /** ftheta's vocabulary size for the headline "8k" figure (256 bytes + merges). */
  vocabSize: number;
  /** Fewer timed runs (one each), for tests. */
  quick: boolean;
  /** Progress lines. */
  log: (line: string) => void;
}

/** Timing of one trainer: median seconds of `samples` runs. */
export interface TrainTiming {
  medianSec: number;
  samplesSec: number[];
  /** Merges the run learned. */
  merges: number;
}

/** What {@link measureTrainSpeed} found. Ratios first, absolute figures after. */
export interface TrainSpeedResult {
  summary: {
    /** ftheta seconds / HF seconds for the same merges on the same lines (goal: at most 2). */
    fthetaOverHf: number | null;
    /** Leading merges of ftheta's `vocabSize` run that equal HF's, in order... */
    mergesAgreeing: number;
    /** ...out of this many compared (all of ftheta's merges, or HF's if fewer). */
    mergesCompared: number;
    /** ftheta's seconds to train `vocabSize` tokens. */
    fthetaSecAtVocabSize: number;
  };
  vocabSize: number;
  textBytes: number;
  lines: number;
  /** HF with its binding's default trainer (trains until vocab_size 30000 or no pair is left). */
  hf: TrainTiming & { vocabSize: number; threads: number };
  /** ftheta learning HF's number of merges: the like-for-like time. */
  fthetaSameMerges: TrainTiming & { vocabSize: number };
  /** ftheta learning `vocabSize` tokens. */
  fthetaAtVocabSize: TrainTiming;
  /** Index of the first merge that differs from HF's, or null when all compared agree. */
  firstDisagreement: { index: number; ftheta: string; hf: string | null } | null;
  method: TimingMethod;
  notes: string[];
}

const QUICK_METHOD: TimingMethod = { warmupSec: 0, minWarmupReps: 0, maxWarmupReps: 0, samples: 1, sampleSec: 0, minRepsPerSample: 1, maxRepsPerSample: 1 };
const FULL_METHOD: TimingMethod = { warmupSec: 0, minWarmupReps: 1, maxWarmupReps: 1, samples: 5, sampleSec: 0, minRepsPerSample: 1, maxRepsPerSample: 1 };

type HfModule = typeof import('tokenizers');

/** Lines with their line endings, as HF's `train(files)` reads them. */
function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/** HF's merges from a saved tokenizer.json, as "left right" strings (both HF merge formats). */
function hfMerges(json: { model: { merges: (string | [string, string])[] } }): string[] {
  return json.model.merges.map((m) => (typeof m === 'string' ? m : `${m[0]} ${m[1]}`));
}

function specMerges(spec: BpeSpec): string[] {
  return (spec.merges ?? []).map(([l, r]) => `${bytesToByteLevel(spec.tokens[l]!)} ${bytesToByteLevel(spec.tokens[r]!)}`);
}

function timing(m: Measurement, merges: number): TrainTiming {
  return { medianSec: round(m.medianSec, 4), samplesSec: m.samplesSec.map((s) => round(s, 4)), merges };
}

/** Trains with both and compares (see the file comment). */
export async function measureTrainSpeed(options: TrainSpeedOptions): Promise<TrainSpeedResult> {
  const { text, vocabSize, quick, log } = options;
  const method = quick ? QUICK_METHOD : FULL_METHOD;
  const mod = (await import('tokenizers')) as HfModule & { default?: HfModule };
  const hf: HfModule = mod.default ?? mod;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ftheta-train-speed-'));
  try {
    const corpus = path.join(dir, 'corpus.txt');
    await writeFile(corpus, text);

    log('training with HF tokenizers (Rust BpeTrainer, binding defaults)...');
    let trained: InstanceType<HfModule['Tokenizer']> | undefined;
    const hfRun = measure(() => {
      trained = new hf.Tokenizer(hf.BPE.empty());
      trained.setPreTokenizer(hf.byteLevelPreTokenizer(false, true));
      trained.train([corpus]);
    }, method);
    const saved = path.join(dir, 'hf-tokenizer.json');
    trained!.save(saved, false);
    const hfList = hfMerges(JSON.parse(await readFile(saved, 'utf8')));
    const hfVocab = trained!.getVocabSize(true);
    log(`HF: ${hfList.length} merges, vocabulary ${hfVocab}, ${hfRun.medianSec.toFixed(3)} s`);

    const sameVocab = 256 + hfList.length;
    log(`training with ftheta to ${sameVocab} tokens (HF's merges)...`);
    let same: BpeSpec | undefined;
    const sameRun = measure(() => {
      same = trainBpe(splitLines(text), { vocabSize: sameVocab, minFrequency: 1 });
    }, method);
    log(`ftheta: ${same!.merges!.length} merges, ${sameRun.medianSec.toFixed(3)} s`);

    log(`training with ftheta to ${vocabSize} tokens...`);
    let atSize: BpeSpec | undefined;
    const atSizeRun = measure(() => {
      atSize = trainBpe(splitLines(text), { vocabSize, minFrequency: 1 });
    }, method);
    const ours = specMerges(atSize!);
    log(`ftheta: ${ours.length} merges, ${atSizeRun.medianSec.toFixed(3)} s`);

    const compared = Math.min(ours.length, hfList.length);
    let agreeing = 0;
    while (agreeing < compared && ours[agreeing] === hfList[agreeing]) agreeing++;
    const firstDisagreement = agreeing < compared ? { index: agreeing, ftheta: ours[agreeing], hf: hfList[agreeing] ?? null } : null;
    log(`merges agreeing with HF: ${agreeing} of ${compared}`);

    return {
      summary: {
        fthetaOverHf: sameRun.medianSec > 0 && hfRun.medianSec > 0 ? round(sameRun.medianSec / hfRun.medianSec, 2) : null,
        mergesAgreeing: agreeing,
        mergesCompared: compared,
        fthetaSecAtVocabSize: round(atSizeRun.medianSec, 4),
      },
      vocabSize,
      textBytes: Buffer.byteLength(text),
      lines: splitLines(text).length,
      hf: { ...timing(hfRun, hfList.length), vocabSize: hfVocab, threads: os.cpus().length },
      fthetaSameMerges: { ...timing(sameRun, same!.merges!.length), vocabSize: sameVocab },
      fthetaAtVocabSize: timing(atSizeRun, ours.length),
      firstDisagreement,
      method,
      notes: [
        "HF's Node binding trains only with BpeTrainer's defaults (vocab_size 30000, min_frequency 0), so it cannot stop at the asked size; fthetaOverHf compares equal numbers of merges.",
        'HF reads the file line by line and its alphabet is the characters seen; ftheta gets the same lines and always has all 256 bytes, so its vocabulary is 256 + merges.',
        `HF's trainer runs on ${os.cpus().length} threads (rayon); ftheta's on one. Times include HF reading the file and ftheta splitting the text into lines.`,
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
