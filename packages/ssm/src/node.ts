/** @ftheta/ssm/node: everything in `.` plus loading a Mamba checkpoint directory from disk (Node only). */
import { loadCheckpointDir } from '@ftheta/core-model/node';
import { type MambaFromWeightsOptions, type MambaModel, mambaFromCheckpoint } from './model';

export * from './index';

/**
 * Loads `dir` (config.json + model.safetensors, HF MambaForCausalLM names) as a {@link MambaModel}.
 * @throws CheckpointError naming the file or tensor at fault, or Error naming config.json's key.
 */
export async function loadMambaDir(dir: string, options: MambaFromWeightsOptions = {}): Promise<MambaModel> {
  const ckpt = await loadCheckpointDir(dir);
  const sep = dir.endsWith('/') ? '' : '/';
  return mambaFromCheckpoint(ckpt, { source: `${dir}${sep}model.safetensors`, configSource: `${dir}${sep}config.json`, ...options });
}
