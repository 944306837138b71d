/**
 * The sound part of the live tokenizer demo: a WAV file becomes μ-law ids (one per sample, 256
 * levels), and the ids play back. Browser only in the docs: AudioTokens.vue imports this module
 * from onMounted.
 */
import { encodeWav, MuLawTokenizer, parseWav, segmentalSnrDb, snrDb } from '@ftheta/tokenizer';

/** Longer files are cut to their first this many seconds (a minute at 44.1 kHz is 2.6 M tokens). */
export const MAX_SECONDS = 30;

export interface AudioResult {
  /** 'sample' or the file name. */
  source: string;
  sampleRate: number;
  /** Channels in the file (they are averaged to one). */
  channels: number;
  bitsPerSample: number;
  encoding: 'pcm' | 'float';
  /** Length of the file, and of the part tokenized (at most {@link MAX_SECONDS}). */
  fileSeconds: number;
  seconds: number;
  tokenizer: MuLawTokenizer;
  /** The mono signal tokenized, and what its ids decode to. */
  original: Float32Array;
  reconstruction: Float32Array;
  ids: number[];
  snrDb: number;
  segmentalSnrDb: number;
  encodeMs: number;
  decodeMs: number;
}

/**
 * The built-in sound (so the demo needs no file): one second at 16 kHz of an A major chord that
 * swells and fades, with a quieter rising chirp under it, written as a 16-bit WAV file so that it
 * goes through `parseWav` like a real file.
 */
export function sampleWav(sampleRate = 16_000): Uint8Array {
  const n = sampleRate;
  const x = new Float32Array(n);
  const notes = [440, 554.37, 659.25];
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const envelope = Math.min(1, t / 0.03) * Math.exp(-2.2 * t) * Math.min(1, (1 - t) / 0.05);
    let chord = 0;
    for (const f of notes) chord += Math.sin(2 * Math.PI * f * t);
    const chirp = Math.sin(2 * Math.PI * (150 * t + 250 * t * t)) * Math.min(1, (1 - t) / 0.05);
    x[i] = 0.26 * envelope * chord + 0.12 * chirp;
  }
  return encodeWav({ sampleRate, samples: [x] });
}

/** Parses WAV bytes (strict: a malformed file throws, naming `source`), mixes to mono, tokenizes. */
export function tokenizeAudio(bytes: Uint8Array, source: string): AudioResult {
  const wav = parseWav(bytes, source);
  const frames = wav.samples[0].length;
  if (frames === 0) throw new Error(`${source}: the file holds no samples`);
  const used = Math.min(frames, MAX_SECONDS * wav.sampleRate);
  const original = new Float32Array(used);
  for (const channel of wav.samples) for (let i = 0; i < used; i++) original[i] += channel[i] / wav.channels;
  const tokenizer = new MuLawTokenizer();
  let t = performance.now();
  const ids = tokenizer.encode(original);
  const encodeMs = performance.now() - t;
  t = performance.now();
  const reconstruction = tokenizer.decode(ids);
  const decodeMs = performance.now() - t;
  return {
    source,
    sampleRate: wav.sampleRate,
    channels: wav.channels,
    bitsPerSample: wav.bitsPerSample,
    encoding: wav.encoding,
    fileSeconds: frames / wav.sampleRate,
    seconds: used / wav.sampleRate,
    tokenizer,
    original,
    reconstruction,
    ids,
    snrDb: snrDb(original, reconstruction),
    segmentalSnrDb: segmentalSnrDb(original, reconstruction, { frame: Math.max(1, Math.round(wav.sampleRate / 50)) }),
    encodeMs,
    decodeMs,
  };
}

/** A Blob URL of a 16-bit mono WAV of `samples`, for an <audio> player (revoke it when done). */
export function wavUrl(samples: Float32Array, sampleRate: number): string {
  // encodeWav allocates a plain ArrayBuffer (never a SharedArrayBuffer), which is what Blob takes.
  const wav = encodeWav({ sampleRate, samples: [samples] }) as Uint8Array<ArrayBuffer>;
  return URL.createObjectURL(new Blob([wav], { type: 'audio/wav' }));
}

/** Start of the loudest `length`-sample window (by energy), for the zoomed view. */
function loudestWindow(x: Float32Array, length: number): number {
  if (x.length <= length) return 0;
  let energy = 0;
  for (let i = 0; i < length; i++) energy += x[i] * x[i];
  let best = energy;
  let start = 0;
  for (let i = length; i < x.length; i++) {
    energy += x[i] * x[i] - x[i - length] * x[i - length];
    if (energy > best) {
      best = energy;
      start = i - length + 1;
    }
  }
  return start;
}

export interface WaveformColors {
  original: string;
  reconstruction: string;
  error: string;
  text: string;
  grid: string;
}

/**
 * Draws two panels on `canvas`: the whole signal (min/max per column) with the reconstruction
 * error magnified ×10 over it, which grows with loudness, as μ-law intends; and 3 ms of the
 * loudest part, sample by sample.
 */
export function drawWaveforms(canvas: HTMLCanvasElement, r: AudioResult, colors: WaveformColors): void {
  const dpr = window.devicePixelRatio || 1;
  const cssWidth = canvas.clientWidth || 640;
  const cssHeight = canvas.clientHeight || 140;
  canvas.width = Math.round(cssWidth * dpr);
  canvas.height = Math.round(cssHeight * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gave no 2D canvas context');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  ctx.font = '11px sans-serif';
  const gap = 16;
  const panelWidth = (cssWidth - gap) / 2;
  const top = 16;
  const height = cssHeight - top - 4;
  const mid = top + height / 2;
  let peak = 1e-6;
  for (const v of r.original) peak = Math.max(peak, Math.abs(v));
  const yOf = (v: number) => mid - (v / peak) * (height / 2) * 0.95;

  const axis = (x0: number, label: string) => {
    ctx.strokeStyle = colors.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x0, mid);
    ctx.lineTo(x0 + panelWidth, mid);
    ctx.stroke();
    ctx.fillStyle = colors.text;
    ctx.fillText(label, x0, 11);
  };

  // Left: the whole clip, min/max per column, and the error ×10.
  axis(0, `all ${r.seconds.toFixed(2)} s: original, error ×10 (red)`);
  const n = r.original.length;
  const columns = Math.max(1, Math.floor(panelWidth));
  const band = (signal: (i: number) => number, color: string) => {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (let c = 0; c < columns; c++) {
      const from = Math.floor((c * n) / columns);
      const to = Math.max(from + 1, Math.floor(((c + 1) * n) / columns));
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = from; i < to && i < n; i++) {
        const v = signal(i);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      ctx.moveTo(c + 0.5, yOf(hi));
      ctx.lineTo(c + 0.5, yOf(lo) + 0.5);
    }
    ctx.stroke();
  };
  band((i) => r.original[i], colors.original);
  band((i) => 10 * (r.original[i] - r.reconstruction[i]), colors.error);

  // Right: 3 ms of the loudest part: the original through its samples, the decoded samples as
  // dots (off the line by the quantization error), and that error ×10.
  const x0 = panelWidth + gap;
  const length = Math.max(8, Math.round(0.003 * r.sampleRate));
  const start = loudestWindow(r.original, length);
  const end = Math.min(n, start + length);
  const from = ((start / r.sampleRate) * 1000).toFixed(1);
  const to = ((end / r.sampleRate) * 1000).toFixed(1);
  axis(x0, `${from}–${to} ms: decoded (dots), error ×10 (red)`);
  const xOf = (i: number) => x0 + ((i - start + 0.5) / length) * panelWidth;
  const line = (signal: (i: number) => number, color: string) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let i = start; i < end; i++) {
      if (i === start) ctx.moveTo(xOf(i), yOf(signal(i)));
      else ctx.lineTo(xOf(i), yOf(signal(i)));
    }
    ctx.stroke();
  };
  line((i) => 10 * (r.original[i] - r.reconstruction[i]), colors.error);
  line((i) => r.original[i], colors.original);
  ctx.fillStyle = colors.reconstruction;
  for (let i = start; i < end; i++) {
    ctx.beginPath();
    ctx.arc(xOf(i), yOf(r.reconstruction[i]), 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }
}
