/** `ftheta info`: what a checkpoint directory holds — architecture (GPT-2 or Mamba), parameter count, file size. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { countParameters, formatParameterCount, innerSize, parseTransformerConfig, type TransformerConfig } from '@ftheta/core-model';
import { loadCheckpointDir } from '@ftheta/core-model/node';
import { checkMambaWeights, countMambaParameters, type MambaConfig, parseMambaConfig } from '@ftheta/ssm';
import type { Command } from 'commander';
import { CliFailure } from '../errors';
import type { CliIo } from '../io';
import { checkModelDir } from '../model/load-model-dir';
import { checkpointModelType } from '../model/model-type';

/** Options of `ftheta info`. */
export interface InfoCommandOptions {
  model?: string;
  json?: boolean;
}

/** The summary `info` prints (and `--json` prints as is). */
export interface ModelInfo {
  model: string;
  /** config.json's model_type: "gpt2" (Transformer) or "mamba". */
  modelType: 'gpt2' | 'mamba';
  config: TransformerConfig | MambaConfig;
  /** GPT-2 only: the MLP's hidden width. */
  mlpHidden?: number;
  /** GPT-2 only: n_embd / n_head. */
  headSize?: number;
  parameters: number;
  parametersLabel: string;
  /** model.safetensors size in bytes, and the dtypes stored in it. */
  fileBytes: number;
  dtypes: string[];
  tensors: number;
}

/** Reads the checkpoint (checked against its config, by model_type) and summarises it. */
export async function modelInfo(dir: string | undefined): Promise<ModelInfo> {
  const path = await checkModelDir(dir);
  try {
    const checkpoint = await loadCheckpointDir(path);
    const configFile = join(path, 'config.json');
    const fileBytes = (await stat(join(path, 'model.safetensors'))).size;
    const file = { fileBytes, dtypes: [...new Set([...checkpoint.tensors.values()].map((t) => t.dtype))].sort(), tensors: checkpoint.tensors.size };
    if (checkpointModelType(checkpoint.config, configFile) === 'mamba') {
      const { config } = checkMambaWeights(parseMambaConfig(checkpoint.config, configFile), checkpoint.tensors, join(path, 'model.safetensors'));
      const parameters = countMambaParameters(config);
      return { model: path, modelType: 'mamba', config, parameters, parametersLabel: formatParameterCount(parameters), ...file };
    }
    const config = parseTransformerConfig(checkpoint.config, configFile);
    const parameters = countParameters(config);
    return {
      model: path,
      modelType: 'gpt2',
      config,
      mlpHidden: innerSize(config),
      headSize: config.n_embd / config.n_head,
      parameters,
      parametersLabel: formatParameterCount(parameters),
      ...file,
    };
  } catch (err) {
    if (err instanceof CliFailure) throw err;
    throw new CliFailure((err as Error).message, { cause: err });
  }
}

const bytesLabel = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024 ** 3).toFixed(2)} GiB`;

/** The architecture rows of a GPT-2 checkpoint. */
function transformerRows(info: ModelInfo, c: TransformerConfig): [string, string][] {
  return [
    ['architecture', `${c.model_type} ${c.is_causal ? 'decoder (causal)' : 'encoder (bidirectional)'}`],
    ['parameters', `${info.parameters.toLocaleString('en-US')} (${info.parametersLabel})`],
    ['vocab_size', String(c.vocab_size)],
    ['n_positions', String(c.n_positions)],
    ['n_embd', String(c.n_embd)],
    ['n_layer', String(c.n_layer)],
    ['n_head', `${c.n_head} (head size ${info.headSize})`],
    ['mlp', `${c.mlp_type === 'swiglu' ? 'swiglu' : c.activation_function}, hidden ${info.mlpHidden}`],
    ['norm', `${c.norm_type}, eps ${c.layer_norm_epsilon}`],
    ['positions', c.position_embedding_type === 'rope' ? `rope (theta ${c.rope_theta})` : 'learned (wpe)'],
    ['biases', c.use_bias ? 'yes' : 'no'],
    ['head', c.tie_word_embeddings ? 'tied to wte' : 'separate lm_head'],
  ];
}

/** The architecture rows of a Mamba checkpoint. */
function mambaRows(info: ModelInfo, c: MambaConfig): [string, string][] {
  return [
    ['architecture', 'mamba selective state space model (causal; fixed-size state, no context limit)'],
    ['parameters', `${info.parameters.toLocaleString('en-US')} (${info.parametersLabel})`],
    ['vocab_size', String(c.vocab_size)],
    ['hidden_size', String(c.hidden_size)],
    ['num_hidden_layers', String(c.num_hidden_layers)],
    ['intermediate_size', `${c.intermediate_size} (expand ${c.expand})`],
    ['state_size', String(c.state_size)],
    ['conv_kernel', String(c.conv_kernel)],
    ['time_step_rank', String(c.time_step_rank)],
    ['norm', `rmsnorm, eps ${c.layer_norm_epsilon}`],
    ['biases', `in/out_proj ${c.use_bias ? 'yes' : 'no'}, conv1d ${c.use_conv_bias ? 'yes' : 'no'}`],
    ['head', c.tie_word_embeddings ? 'tied to embeddings' : 'separate lm_head'],
  ];
}

/** The summary as aligned `key  value` lines. */
export function formatModelInfo(info: ModelInfo): string {
  const arch = info.modelType === 'mamba' ? mambaRows(info, info.config as MambaConfig) : transformerRows(info, info.config as TransformerConfig);
  const rows: [string, string][] = [
    ['model', info.model],
    ...arch,
    ['file', `model.safetensors ${info.fileBytes.toLocaleString('en-US')} bytes (${bytesLabel(info.fileBytes)}), ${info.tensors} tensors, ${info.dtypes.join('/')}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}\n`).join('');
}

/** Prints the summary (or the {@link ModelInfo} object with --json). */
export async function infoCommand(options: InfoCommandOptions, io: CliIo): Promise<void> {
  const info = await modelInfo(options.model);
  io.out(options.json ? `${JSON.stringify(info, null, 2)}\n` : formatModelInfo(info));
}

/** Adds `info` to the program. */
export function registerInfoCommand(program: Command, io: CliIo): void {
  program
    .command('info')
    .description('summarise a checkpoint directory (GPT-2 or Mamba): architecture, parameter count, file size')
    .requiredOption('--model <dir>', 'checkpoint directory (config.json + model.safetensors)')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExamples:\n  $ ftheta info --model ./gpt2-tiny\n  $ ftheta info --model ./gpt2-tiny --json')
    .action((options: InfoCommandOptions) => infoCommand(options, io));
}
