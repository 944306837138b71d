/** `ftheta info`: what a checkpoint directory holds — architecture, parameter count, file size. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { countParameters, formatParameterCount, innerSize, parseTransformerConfig, type TransformerConfig } from '@ftheta/core-model';
import { loadCheckpointDir } from '@ftheta/core-model/node';
import type { Command } from 'commander';
import { CliFailure } from '../errors';
import type { CliIo } from '../io';
import { checkModelDir } from '../model/load-model-dir';

/** Options of `ftheta info`. */
export interface InfoCommandOptions {
  model?: string;
  json?: boolean;
}

/** The summary `info` prints (and `--json` prints as is). */
export interface ModelInfo {
  model: string;
  config: TransformerConfig;
  mlpHidden: number;
  headSize: number;
  parameters: number;
  parametersLabel: string;
  /** model.safetensors size in bytes, and the dtypes stored in it. */
  fileBytes: number;
  dtypes: string[];
  tensors: number;
}

/** Reads the checkpoint (checked against its config) and summarises it. */
export async function modelInfo(dir: string | undefined): Promise<ModelInfo> {
  const path = await checkModelDir(dir);
  try {
    const checkpoint = await loadCheckpointDir(path);
    const config = parseTransformerConfig(checkpoint.config, join(path, 'config.json'));
    const parameters = countParameters(config);
    const fileBytes = (await stat(join(path, 'model.safetensors'))).size;
    const dtypes = [...new Set([...checkpoint.tensors.values()].map((t) => t.dtype))].sort();
    return {
      model: path,
      config,
      mlpHidden: innerSize(config),
      headSize: config.n_embd / config.n_head,
      parameters,
      parametersLabel: formatParameterCount(parameters),
      fileBytes,
      dtypes,
      tensors: checkpoint.tensors.size,
    };
  } catch (err) {
    throw new CliFailure((err as Error).message, { cause: err });
  }
}

const bytesLabel = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024 ** 3).toFixed(2)} GiB`;

/** The summary as aligned `key  value` lines. */
export function formatModelInfo(info: ModelInfo): string {
  const c = info.config;
  const rows: [string, string][] = [
    ['model', info.model],
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
    .description('summarise a checkpoint directory: architecture, parameter count, file size')
    .requiredOption('--model <dir>', 'checkpoint directory (config.json + model.safetensors)')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExamples:\n  $ ftheta info --model ./gpt2-tiny\n  $ ftheta info --model ./gpt2-tiny --json')
    .action((options: InfoCommandOptions) => infoCommand(options, io));
}
