/**
 * Media round trips for `ftheta bench tokenizer`: how much a 512-colour palette loses on a
 * synthetic image (mean absolute error per channel, PSNR) and how long learning it takes; how much
 * 8-bit μ-law loses on a synthetic speech-like signal (SNR, against uniform 8-bit as the baseline);
 * and how fast both encode and decode. Everything is deterministic (fixed seeds, synthetic data).
 */
import { imageError, learnPalette, MuLawTokenizer, type PixelImage, PixelTokenizer, segmentalSnrDb, snrDb } from '@ftheta/tokenizer';
import { uniformFloat32 } from '../../util/random';
import { round } from '../../util/stats';
import { measure, type TimingMethod } from '../measure';

/** What {@link measureMediaRoundTrip} found. */
export interface MediaRoundTripResult {
  pixel: {
    /** The test image, in words. */
    image: string;
    width: number;
    height: number;
    /** Colours asked for and colours learned. */
    colors: number;
    paletteSize: number;
    /** Pixels sampled for fitting, Lloyd iterations allowed and run, seed. */
    sample: number;
    maxIterations: number;
    iterationsRun: number;
    seed: number;
    /** Wall time of one `learnPalette` call. */
    paletteLearnSec: number;
    /** encode → decode error over R, G, B (0..255 levels). */
    meanAbsError: number;
    maxAbsError: number;
    psnrDb: number;
    /** Throughput in megapixels per second. */
    encodeMpixPerSec: number;
    decodeMpixPerSec: number;
    /** Encoding with a brute-force nearest colour over the palette (the baseline)... */
    bruteForceEncodeMpixPerSec: number;
    /** ...and how many times faster the grid-indexed encode is. */
    encodeSpeedupOverBruteForce: number;
  };
  audio: {
    /** The test signal, in words. */
    signal: string;
    sampleRate: number;
    durationSec: number;
    levels: number;
    mu: number;
    /** μ-law encode → decode SNR. */
    snrDb: number;
    /** Uniform (linear) 8-bit quantization of the same signal, the baseline... */
    linear8SnrDb: number;
    /** ...and μ-law's gain over it. */
    snrGainOverLinear8Db: number;
    /** Segmental SNR (mean over 20 ms frames, each clamped to [-10, 60] dB): quiet syllables count too. */
    segmentalSnrDb: number;
    linear8SegmentalSnrDb: number;
    segmentalGainOverLinear8Db: number;
    /** Throughput in megasamples per second. */
    encodeMsamplesPerSec: number;
    decodeMsamplesPerSec: number;
  };
  /** How the throughputs were timed (see ../measure.ts). */
  method: TimingMethod;
}

const FULL_METHOD: TimingMethod = {
  warmupSec: 0.2,
  minWarmupReps: 2,
  maxWarmupReps: 1000,
  samples: 5,
  sampleSec: 0.3,
  minRepsPerSample: 1,
  maxRepsPerSample: 10_000,
};

const QUICK_METHOD: TimingMethod = {
  warmupSec: 0,
  minWarmupReps: 1,
  maxWarmupReps: 1,
  samples: 3,
  sampleSec: 0.02,
  minRepsPerSample: 1,
  maxRepsPerSample: 100,
};

const IMAGE_TEXT =
  'synthetic WxH RGB: gradient r = x, g = y, b = 255 - (x + y) / 2 (scaled), with a red disc, a navy rectangle, ' +
  'a yellow diagonal stripe and a black/white 8-pixel checkerboard patch';

const SIGNAL_TEXT =
  'speech-like: sines at 220, 523 and 1750 Hz (weights 0.5, 0.3, 0.15) under a 4 Hz syllable envelope ' +
  '(0.05..1), peak about 0.5, plus 1% uniform noise (seed 7)';

/** The deterministic test image of the pixel round trip (see IMAGE_TEXT). */
export function syntheticImage(width: number, height: number): PixelImage {
  const data = new Uint8Array(width * height * 3);
  const put = (o: number, r: number, g: number, b: number) => {
    data[o] = r;
    data[o + 1] = g;
    data[o + 2] = b;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = 3 * (y * width + x);
      const fx = x / (width - 1);
      const fy = y / (height - 1);
      put(o, Math.round(255 * fx), Math.round(255 * fy), Math.round(255 * (1 - (fx + fy) / 2)));
      if ((fx - 0.3) ** 2 + (fy - 0.3) ** 2 < 0.15 ** 2) put(o, 220, 40, 60);
      if (fx > 0.55 && fx < 0.9 && fy > 0.15 && fy < 0.35) put(o, 20, 30, 110);
      if (Math.abs(fx - fy + 0.35) < 0.03) put(o, 240, 210, 30);
      if (fx > 0.6 && fy > 0.6 && fx < 0.9 && fy < 0.9) {
        const white = ((x >> 3) + (y >> 3)) % 2 === 0;
        put(o, white ? 255 : 0, white ? 255 : 0, white ? 255 : 0);
      }
    }
  }
  return { width, height, channels: 3, data };
}

/** The deterministic test signal of the μ-law round trip (see SIGNAL_TEXT). */
export function syntheticSignal(sampleRate: number, seconds: number): Float32Array {
  const n = Math.round(sampleRate * seconds);
  const noise = uniformFloat32(n, 7);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const envelope = 0.05 + 0.95 * Math.sin(Math.PI * 4 * t) ** 2;
    const tone = 0.5 * Math.sin(2 * Math.PI * 220 * t) + 0.3 * Math.sin(2 * Math.PI * 523 * t + 1) + 0.15 * Math.sin(2 * Math.PI * 1750 * t + 2);
    x[i] = 0.5 * envelope * tone + 0.01 * noise[i];
  }
  return x;
}

/** Measures the pixel and μ-law round trips. `quick`: a 128×128 image, 0.5 s of audio, short timing. */
export async function measureMediaRoundTrip(options: { quick: boolean; log: (line: string) => void }): Promise<MediaRoundTripResult> {
  const { quick, log } = options;
  const method = quick ? QUICK_METHOD : FULL_METHOD;
  const pixel = measurePixels(quick, method, log);
  const audio = measureAudio(quick, method, log);
  return { pixel, audio, method };
}

function measurePixels(quick: boolean, method: TimingMethod, log: (line: string) => void): MediaRoundTripResult['pixel'] {
  const side = quick ? 128 : 256;
  const colors = 512;
  const sample = 65536;
  const maxIterations = 30;
  const seed = 0;
  const image = syntheticImage(side, side);
  log(`pixel: learning a ${colors}-colour palette on a ${side}×${side} image`);
  let iterationsRun = 0;
  const t0 = performance.now();
  const palette = learnPalette(image, { colors, sample, iterations: maxIterations, seed, onProgress: (p) => (iterationsRun = p.iteration) });
  const paletteLearnSec = (performance.now() - t0) / 1000;
  const tokenizer = new PixelTokenizer(palette, { outputChannels: 3 });
  const ids = tokenizer.encode(image);
  const error = imageError(image, tokenizer.decode(ids, { width: side, height: side }));
  const mpix = (sec: number) => round((side * side) / sec / 1e6, 2);
  const enc = measure(() => tokenizer.encode(image), method);
  const dec = measure(() => tokenizer.decode(ids, { width: side, height: side }), method);
  const brute = measure(() => bruteForceEncode(image, palette.colors), method);
  log(`pixel: PSNR ${error.psnrDb.toFixed(2)} dB, mean abs error ${error.meanAbsError.toFixed(3)}, palette ${paletteLearnSec.toFixed(3)} s`);
  return {
    image: IMAGE_TEXT.replace('WxH', `${side}×${side}`),
    width: side,
    height: side,
    colors,
    paletteSize: palette.size,
    sample,
    maxIterations,
    iterationsRun,
    seed,
    paletteLearnSec: round(paletteLearnSec, 4),
    meanAbsError: round(error.meanAbsError, 4),
    maxAbsError: error.maxAbsError,
    psnrDb: round(error.psnrDb, 3),
    encodeMpixPerSec: mpix(enc.medianSec),
    decodeMpixPerSec: mpix(dec.medianSec),
    bruteForceEncodeMpixPerSec: mpix(brute.medianSec),
    encodeSpeedupOverBruteForce: round(brute.medianSec / enc.medianSec, 2),
  };
}

function measureAudio(quick: boolean, method: TimingMethod, log: (line: string) => void): MediaRoundTripResult['audio'] {
  const sampleRate = 16000;
  const durationSec = quick ? 0.5 : 2;
  const signal = syntheticSignal(sampleRate, durationSec);
  const tokenizer = new MuLawTokenizer();
  const ids = tokenizer.encode(signal);
  const decoded = tokenizer.decode(ids);
  const snr = snrDb(signal, decoded);
  const linearDecoded = signal.map((v) => (Math.min(255, Math.floor(((v + 1) / 2) * 256)) + 0.5) / 128 - 1);
  const linear = snrDb(signal, linearDecoded);
  const frame = { frame: sampleRate / 50 };
  const seg = segmentalSnrDb(signal, decoded, frame);
  const linearSeg = segmentalSnrDb(signal, linearDecoded, frame);
  const msamples = (sec: number) => round(signal.length / sec / 1e6, 2);
  const enc = measure(() => tokenizer.encode(signal), method);
  const dec = measure(() => tokenizer.decode(ids), method);
  log(`audio: μ-law SNR ${snr.toFixed(2)} dB, segmental ${seg.toFixed(2)} dB (uniform 8-bit: ${linear.toFixed(2)}, ${linearSeg.toFixed(2)} dB)`);
  return {
    signal: SIGNAL_TEXT,
    sampleRate,
    durationSec,
    levels: tokenizer.vocabSize,
    mu: tokenizer.mu,
    snrDb: round(snr, 3),
    linear8SnrDb: round(linear, 3),
    snrGainOverLinear8Db: round(snr - linear, 3),
    segmentalSnrDb: round(seg, 3),
    linear8SegmentalSnrDb: round(linearSeg, 3),
    segmentalGainOverLinear8Db: round(seg - linearSeg, 3),
    encodeMsamplesPerSec: msamples(enc.medianSec),
    decodeMsamplesPerSec: msamples(dec.medianSec),
  };
}

/** Nearest palette colour by scanning all of it: the baseline the grid index is measured against. */
function bruteForceEncode(image: PixelImage, colors: Uint8Array): number[] {
  const n = image.width * image.height;
  const k = colors.length / 3;
  const ids = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const r = image.data[3 * i];
    const g = image.data[3 * i + 1];
    const b = image.data[3 * i + 2];
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const dr = colors[3 * c] - r;
      const dg = colors[3 * c + 1] - g;
      const db = colors[3 * c + 2] - b;
      const d = dr * dr + dg * dg + db * db;
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    ids[i] = best;
  }
  return ids;
}
