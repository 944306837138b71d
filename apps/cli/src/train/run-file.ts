/** DIR/run.json of `ftheta train`: the run's settings, so --resume continues the same run. */
import { rename, writeFile } from 'node:fs/promises';
import type { TrainArch } from './arch-flag';
import type { LoraRunSettings } from './lora-flags';
import type { TrainPreset } from './train-preset';

/** DIR/run.json: everything --resume needs to continue the same run. */
export interface RunFile {
  format: 'ftheta-train-run';
  version: 1;
  data: string;
  preset: string;
  /** The architecture (absent in run files written before Mamba: "transformer"). */
  arch: TrainArch;
  seed: number;
  hyper: TrainPreset;
  /** Absolute path of the --from checkpoint (fine-tuning); absent when training from scratch. */
  from?: string;
  /** LoRA settings (absent: full training / fine-tuning). */
  lora?: LoraRunSettings;
  /** Absolute path of the --forgetting held-out text. */
  forgetting?: string;
  /** Gradient threads of the last start (a resume with the same count continues bit for bit). */
  threads?: number;
}

/** Writes run.json atomically (a temporary file, then rename). */
export async function writeRunFile(file: string, run: RunFile): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, `${JSON.stringify(run, null, 2)}\n`);
  await rename(temp, file);
}

/** One line saying what the run trains. */
export function describeRun(run: RunFile): string {
  if (!run.from) return run.arch === 'mamba' ? 'training a Mamba from scratch' : 'training from scratch';
  if (!run.lora) return `full fine-tuning of ${run.from}`;
  const l = run.lora;
  return `LoRA fine-tuning of ${run.from} (rank ${l.r}, alpha ${l.alpha}, targets ${l.targets.join(',')}, dropout ${l.dropout}; the base is not written)`;
}
