/** `ftheta train --lora-rank/--lora-alpha/--lora-targets/--lora-dropout`: parsed, validated, as saved in run.json. */
import { UsageError } from '../errors';

/** The LoRA settings of a run (run.json's `lora`). */
export interface LoraRunSettings {
  r: number;
  alpha: number;
  /** Module names or suffixes (PEFT's target_modules list). */
  targets: string[];
  dropout: number;
}

/** The raw flags (commander's strings). */
export interface LoraFlagValues {
  loraRank?: string;
  loraAlpha?: string;
  loraTargets?: string;
  loraDropout?: string;
}

/** Default targets: GPT-2's attention projections (PEFT's default for GPT-2 is c_attn). */
export const DEFAULT_LORA_TARGETS = ['c_attn', 'c_proj'];

/**
 * The LoRA settings, or undefined for a full fine-tune (no --lora-rank). Alpha defaults to 2·rank,
 * targets to c_attn,c_proj, dropout to 0.
 * @throws UsageError naming the flag and its value: a rank that is not a positive integer, an alpha
 *   that is not a finite number > 0, an empty target list or entry, a dropout outside [0, 1), or a
 *   --lora-alpha/--lora-targets/--lora-dropout without --lora-rank.
 */
export function parseLoraFlags(o: LoraFlagValues): LoraRunSettings | undefined {
  if (o.loraRank === undefined) {
    const stray = (
      [
        ['--lora-alpha', o.loraAlpha],
        ['--lora-targets', o.loraTargets],
        ['--lora-dropout', o.loraDropout],
      ] as const
    ).find(([, v]) => v !== undefined);
    if (stray) throw new UsageError(`${stray[0]} ${JSON.stringify(stray[1])} needs --lora-rank N (LoRA is off without it)`);
    return undefined;
  }
  const r = Number(o.loraRank);
  if (o.loraRank.trim() === '' || !Number.isSafeInteger(r) || r < 1) throw new UsageError(`--lora-rank must be a positive integer, got ${JSON.stringify(o.loraRank)}`);
  let alpha = 2 * r;
  if (o.loraAlpha !== undefined) {
    alpha = Number(o.loraAlpha);
    if (o.loraAlpha.trim() === '' || !Number.isFinite(alpha) || alpha <= 0) throw new UsageError(`--lora-alpha must be a number > 0, got ${JSON.stringify(o.loraAlpha)}`);
  }
  let targets = DEFAULT_LORA_TARGETS;
  if (o.loraTargets !== undefined) {
    targets = o.loraTargets.split(',').map((t) => t.trim());
    if (targets.some((t) => t === '')) throw new UsageError(`--lora-targets must be a comma-separated list of module names (e.g. c_attn,c_proj,c_fc), got ${JSON.stringify(o.loraTargets)}`);
  }
  let dropout = 0;
  if (o.loraDropout !== undefined) {
    dropout = Number(o.loraDropout);
    if (o.loraDropout.trim() === '' || !Number.isFinite(dropout) || dropout < 0 || dropout >= 1) {
      throw new UsageError(`--lora-dropout must be a number in [0, 1), got ${JSON.stringify(o.loraDropout)}`);
    }
  }
  return { r, alpha, targets, dropout };
}
