/**
 * Where a LoRA run's files go. Checkpoints (DIR/last, DIR/best) hold the *merged* weights as
 * config.json + model.safetensors (so `ftheta generate --model DIR/last` works) plus the PEFT
 * adapter files beside them (adapter_config.json + adapter_model.safetensors, what --resume reads);
 * the final adapter goes to DIR/adapter and the final merged checkpoint to DIR/merged.
 */
import path from 'node:path';
import { fromParamStore, type HostTensor } from '@ftheta/core-model';
import { saveCheckpointDir } from '@ftheta/core-model/node';
import { type LoraModel, mergeLora, saveAdapter } from '@ftheta/trainer/node';

/** The final adapter directory of a LoRA run in `out`. */
export const adapterDir = (out: string): string => path.join(out, 'adapter');
/** The final merged checkpoint directory of a LoRA run in `out`. */
export const mergedDir = (out: string): string => path.join(out, 'merged');

/** The merged weights W + s·AᵀBᵀ as host tensors (checkpoint names). */
export function mergedHostTensors(lora: LoraModel): Map<string, HostTensor> {
  const merged = mergeLora(lora);
  try {
    return fromParamStore(merged.params);
  } finally {
    merged.dispose();
  }
}

/** Writes DIR/adapter (PEFT files) and DIR/merged (config.json + model.safetensors + tokenizer.json). */
export async function saveLoraOutputs(out: string, lora: LoraModel, tokenizerJson: string, baseModelNameOrPath: string): Promise<{ adapter: string; merged: string }> {
  const adapter = adapterDir(out);
  const merged = mergedDir(out);
  await saveAdapter(adapter, lora, { baseModelNameOrPath });
  await saveCheckpointDir(merged, { config: lora.config as unknown as Record<string, unknown>, tensors: mergedHostTensors(lora), tokenizerJson });
  return { adapter, merged };
}
