/**
 * A one-line progress report for terminals (the CLI redraws it with `\r`): a bar, step, loss, lr,
 * tokens/s (smoothed) and ETA. Pure: it formats, the caller writes.
 */
import type { StepInfo } from './train-options';

/** Tracks throughput across steps (exponential moving average) and formats progress lines. */
export class ProgressMeter {
  private emaTokensPerSec: number | null = null;
  private emaMsPerStep: number | null = null;

  /**
   * @param totalSteps Steps of the whole run (for the bar and the ETA).
   * @param width Characters of the bar (default 24).
   * @param smoothing Weight of the newest step in the averages, in (0, 1] (default 0.1).
   */
  constructor(
    readonly totalSteps: number,
    readonly width = 24,
    readonly smoothing = 0.1,
  ) {
    if (!(Number.isSafeInteger(totalSteps) && totalSteps > 0)) throw new Error(`ProgressMeter: totalSteps must be a positive integer, got ${totalSteps}`);
    if (!(Number.isSafeInteger(width) && width > 0)) throw new Error(`ProgressMeter: width must be a positive integer, got ${width}`);
    if (!(smoothing > 0 && smoothing <= 1)) throw new Error(`ProgressMeter: smoothing must be in (0, 1], got ${smoothing}`);
  }

  /** Adds a finished step and returns its line. */
  update(info: StepInfo): string {
    const a = this.smoothing;
    this.emaTokensPerSec = this.emaTokensPerSec === null ? info.tokensPerSec : a * info.tokensPerSec + (1 - a) * this.emaTokensPerSec;
    this.emaMsPerStep = this.emaMsPerStep === null ? info.ms : a * info.ms + (1 - a) * this.emaMsPerStep;
    const frac = Math.min(1, info.step / this.totalSteps);
    const filled = Math.round(frac * this.width);
    const bar = `${'█'.repeat(filled)}${'·'.repeat(this.width - filled)}`;
    const eta = formatDuration(((this.totalSteps - info.step) * this.emaMsPerStep) / 1000);
    const tps = this.emaTokensPerSec >= 1000 ? `${(this.emaTokensPerSec / 1000).toFixed(1)}k` : this.emaTokensPerSec.toFixed(0);
    return `${bar} ${info.step}/${this.totalSteps} loss ${info.loss.toFixed(4)} lr ${info.lr.toExponential(2)} ${tps} tok/s ETA ${eta}`;
  }
}

/** Seconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${pad(m)}m`;
  if (m > 0) return `${m}m${pad(s % 60)}s`;
  return `${s}s`;
}
