/**
 * Encode and decode speed of ftheta's tiktoken encodings beside gpt-tokenizer, js-tiktoken and
 * tiktoken (wasm): same text, same process, one library after another per encoding. Each library
 * is warmed up first (so every cache, ftheta's and gpt-tokenizer's included, is warm), then the
 * median of several samples is reported in MB/s of UTF-8 text. All four must produce the same ids.
 */
import { loadTiktokenEncoding } from '@ftheta/tokenizer';
import { ratio, round } from '../../util/stats';
import { measure, type Measurement, type TimingMethod, timingRecord as timingRecordOf } from '../measure';

/** The encodings timed. */
export const ENCODE_SPEED_ENCODINGS = ['cl100k_base', 'r50k_base'] as const;
/** The libraries timed, ftheta first. */
export const ENCODE_SPEED_LIBRARIES = ['ftheta', 'gpt-tokenizer', 'js-tiktoken', 'tiktoken (wasm)'] as const;
/** The goal: ftheta's encode MB/s over the fastest peer's, on cl100k_base. */
export const ENCODE_GOAL_FTHETA_OVER_FASTEST_PEER = 1.5;

type EncodingName = (typeof ENCODE_SPEED_ENCODINGS)[number];
type LibraryName = (typeof ENCODE_SPEED_LIBRARIES)[number];

/** What {@link measureEncodeSpeed} needs. */
export interface EncodeSpeedOptions {
  /** The text every library encodes (tinyshakespeare in the scenario). */
  text: string;
  /** One timed run each, for tests. */
  quick: boolean;
  /** Progress lines. */
  log: (line: string) => void;
}

/** One library on one encoding. Figures are null when the library could not run. */
export interface LibrarySpeed {
  encodeMBps: number | null;
  decodeMBps: number | null;
  /** Its ids equal ftheta's. */
  sameIdsAsFtheta: boolean | null;
  /** Its decode of its ids gives the text back. */
  decodesBack: boolean | null;
  /** Milliseconds to get a ready encoder (import + parse ranks + construct). */
  loadMs: number | null;
  encodeTiming: TimingRecord | null;
  decodeTiming: TimingRecord | null;
  /** Why it could not run. */
  error?: string;
}

import type { TimingRecord } from '../measure';

export type { TimingRecord };

/** ftheta over the fastest peer for one operation. */
export interface PeerRatio {
  fthetaOverFastestPeer: number | null;
  fastestPeer: LibraryName | null;
}

/** One encoding: ratios first, then every library's figures. */
export interface EncodingSpeed {
  encoding: EncodingName;
  encode: PeerRatio;
  decode: PeerRatio;
  /** All libraries that ran produced identical ids. */
  identical: boolean;
  tokens: number;
  libraries: Record<LibraryName, LibrarySpeed>;
}

/** What {@link measureEncodeSpeed} found. */
export interface EncodeSpeedResult {
  summary: {
    /** Per encoding: ftheta's encode and decode MB/s over the fastest peer's, and id agreement. */
    ratios: Record<EncodingName, { encode: number | null; decode: number | null; identical: boolean }>;
    goal: { rule: string; met: boolean };
  };
  textBytes: number;
  encodings: EncodingSpeed[];
  method: TimingMethod;
  notes: string[];
}

/** A library ready to time: encode, decode (to a string) and clean-up. */
interface Runner {
  encode(text: string): ArrayLike<number>;
  decode(ids: ArrayLike<number>): string;
  dispose?(): void;
}

const QUICK_METHOD: TimingMethod = { warmupSec: 0, minWarmupReps: 1, maxWarmupReps: 1, samples: 1, sampleSec: 0, minRepsPerSample: 1, maxRepsPerSample: 1 };
const FULL_METHOD: TimingMethod = { warmupSec: 0.3, minWarmupReps: 1, maxWarmupReps: 10, samples: 5, sampleSec: 0.2, minRepsPerSample: 1, maxRepsPerSample: 100 };

type AnyModule = Record<string, any>;
const namespace = (m: AnyModule): AnyModule => (m.default && typeof m.default === 'object' ? { ...m.default, ...m } : m);

async function loadRunner(library: LibraryName, encoding: EncodingName): Promise<Runner> {
  const utf8 = new TextDecoder();
  switch (library) {
    case 'ftheta': {
      const tok = await loadTiktokenEncoding(encoding);
      return { encode: (t) => tok.encode(t), decode: (ids) => tok.decode(ids as number[]) };
    }
    case 'gpt-tokenizer': {
      const m = namespace(encoding === 'cl100k_base' ? await import('gpt-tokenizer/encoding/cl100k_base') : await import('gpt-tokenizer/encoding/r50k_base'));
      return { encode: (t) => m.encode(t), decode: (ids) => m.decode(ids) };
    }
    case 'js-tiktoken': {
      const { Tiktoken } = namespace(await import('js-tiktoken/lite'));
      const ranks = encoding === 'cl100k_base' ? await import('js-tiktoken/ranks/cl100k_base') : await import('js-tiktoken/ranks/r50k_base');
      const enc = new Tiktoken(ranks.default);
      return { encode: (t) => enc.encode(t), decode: (ids) => enc.decode(ids as number[]) };
    }
    case 'tiktoken (wasm)': {
      const m = namespace(await import('tiktoken'));
      const enc = m.get_encoding(encoding);
      return {
        encode: (t) => enc.encode(t),
        decode: (ids) => utf8.decode(enc.decode(ids instanceof Uint32Array ? ids : Uint32Array.from(ids))),
        dispose: () => enc.free(),
      };
    }
  }
}

const timingRecord = (m: Measurement) => timingRecordOf(m, 3);

function sameIds(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fastestPeer(libraries: Record<LibraryName, LibrarySpeed>, key: 'encodeMBps' | 'decodeMBps'): PeerRatio {
  let best: LibraryName | null = null;
  for (const name of ENCODE_SPEED_LIBRARIES) {
    if (name === 'ftheta') continue;
    const v = libraries[name][key];
    if (v !== null && (best === null || v > libraries[best][key]!)) best = name;
  }
  return { fthetaOverFastestPeer: best && ratio(libraries.ftheta[key], libraries[best][key]), fastestPeer: best };
}

const empty = (error?: string): LibrarySpeed => ({
  encodeMBps: null,
  decodeMBps: null,
  sameIdsAsFtheta: null,
  decodesBack: null,
  loadMs: null,
  encodeTiming: null,
  decodeTiming: null,
  ...(error ? { error } : {}),
});

async function timeEncoding(encoding: EncodingName, text: string, textBytes: number, method: TimingMethod, log: (line: string) => void): Promise<EncodingSpeed> {
  const libraries = Object.fromEntries(ENCODE_SPEED_LIBRARIES.map((n) => [n, empty()])) as Record<LibraryName, LibrarySpeed>;
  let reference: ArrayLike<number> | undefined;
  for (const name of ENCODE_SPEED_LIBRARIES) {
    let runner: Runner | undefined;
    try {
      const t0 = performance.now();
      runner = await loadRunner(name, encoding);
      const loadMs = round(performance.now() - t0, 1);
      let ids: ArrayLike<number> = runner.encode(text);
      const r = runner;
      const enc = measure(() => {
        ids = r.encode(text);
      }, method);
      let back = '';
      const dec = measure(() => {
        back = r.decode(ids);
      }, method);
      reference ??= ids;
      libraries[name] = {
        encodeMBps: round(textBytes / 1e6 / enc.medianSec, 2),
        decodeMBps: round(textBytes / 1e6 / dec.medianSec, 2),
        sameIdsAsFtheta: sameIds(ids, reference),
        decodesBack: back === text,
        loadMs,
        encodeTiming: timingRecord(enc),
        decodeTiming: timingRecord(dec),
      };
      const l = libraries[name];
      log(`${encoding.padEnd(12)} ${name.padEnd(16)} encode ${String(l.encodeMBps).padStart(7)} MB/s  decode ${String(l.decodeMBps).padStart(7)} MB/s${l.sameIdsAsFtheta ? '' : '  IDS DIFFER'}`);
    } catch (err) {
      if (name === 'ftheta') throw err;
      libraries[name] = empty(err instanceof Error ? err.message : String(err));
      log(`${encoding.padEnd(12)} ${name.padEnd(16)} not measured: ${libraries[name].error}`);
    } finally {
      runner?.dispose?.();
    }
  }
  const ran = ENCODE_SPEED_LIBRARIES.filter((n) => libraries[n].sameIdsAsFtheta !== null);
  return {
    encoding,
    encode: fastestPeer(libraries, 'encodeMBps'),
    decode: fastestPeer(libraries, 'decodeMBps'),
    identical: ran.every((n) => libraries[n].sameIdsAsFtheta === true),
    tokens: reference?.length ?? 0,
    libraries,
  };
}

/**
 * Times encode and decode of `text` for cl100k_base and r50k_base with ftheta, gpt-tokenizer,
 * js-tiktoken and tiktoken (wasm), all in this process, and checks that their ids agree.
 */
export async function measureEncodeSpeed(options: EncodeSpeedOptions): Promise<EncodeSpeedResult> {
  const { text, quick, log } = options;
  const method = quick ? QUICK_METHOD : FULL_METHOD;
  const textBytes = new TextEncoder().encode(text).length;
  const encodings: EncodingSpeed[] = [];
  for (const encoding of ENCODE_SPEED_ENCODINGS) encodings.push(await timeEncoding(encoding, text, textBytes, method, log));
  const ratios = Object.fromEntries(
    encodings.map((e) => [e.encoding, { encode: e.encode.fthetaOverFastestPeer, decode: e.decode.fthetaOverFastestPeer, identical: e.identical }]),
  ) as EncodeSpeedResult['summary']['ratios'];
  const cl100k = ratios.cl100k_base.encode;
  const notes = [
    'MB/s = UTF-8 bytes of the text / median seconds per call; decode includes making the string (tiktoken returns bytes, decoded with TextDecoder)',
    "warm-up runs first, so per-process caches (ftheta's piece cache, gpt-tokenizer's merge cache) are warm in the timed runs",
    'libraries run one after another per encoding in one process; ratios from one run are the figures to quote (these machines are noisy)',
  ];
  if (quick) notes.unshift('--quick run: one timed run per figure; use a full run for figures to quote');
  for (const e of encodings) if (!e.identical) notes.push(`${e.encoding}: the libraries' ids differ (see libraries[].sameIdsAsFtheta)`);
  return {
    summary: {
      ratios,
      goal: {
        rule: `ftheta encode MB/s >= ${ENCODE_GOAL_FTHETA_OVER_FASTEST_PEER} x the fastest peer's on cl100k_base, with identical ids`,
        met: cl100k !== null && cl100k >= ENCODE_GOAL_FTHETA_OVER_FASTEST_PEER && ratios.cl100k_base.identical,
      },
    },
    textBytes,
    encodings,
    method,
    notes,
  };
}
