/**
 * The part of loading shared by every source (a directory, URLs, Files, bytes): parse config.json
 * and model.safetensors, and for a GPT-2 (`model_type: "gpt2"`) bring the names to HF's canonical
 * form and check every tensor against the config.
 */
import { parseTransformerConfig } from '../config';
import { CheckpointError } from './checkpoint-error';
import { canonicalGpt2Tensors } from './gpt2-names';
import { checkGpt2Shapes, expectedGpt2Shapes } from './gpt2-shapes';
import { parseSafetensors } from './parse-safetensors';
import type { SafetensorsTensor } from './tensor-types';

/** A checkpoint in memory. */
export interface LoadedCheckpoint {
  /** config.json as written (parse it with `parseTransformerConfig` for a Transformer). */
  config: Record<string, unknown>;
  /**
   * The parameters by checkpoint name, float32. For a GPT-2: canonical HF names (`transformer.*`),
   * mask buffers dropped, `lm_head.weight` only when untied (see gpt2-names.ts), all checked against
   * the config. For other model types: the file's names, unchecked.
   */
  tensors: Map<string, SafetensorsTensor>;
  /** tokenizer.json's JSON, or null when the checkpoint has none. */
  tokenizerJson: unknown | null;
  /** model.safetensors' `__metadata__`. */
  metadata: Record<string, string>;
}

/** Where each part came from, for error messages. */
export interface CheckpointSourceNames {
  config: string;
  model: string;
}

/** Parses JSON text, with an error naming `source`. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CheckpointError(source, `not valid JSON (${(err as Error).message})`);
  }
}

/**
 * Builds a {@link LoadedCheckpoint} from config.json's JSON value, model.safetensors' bytes and
 * tokenizer.json's JSON value (or null).
 * @throws CheckpointError (or the config parser's Error) naming the file at fault.
 */
export function assembleCheckpoint(config: unknown, safetensors: Uint8Array, tokenizerJson: unknown | null, names: CheckpointSourceNames): LoadedCheckpoint {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new CheckpointError(names.config, 'the top level must be a JSON object');
  const raw = config as Record<string, unknown>;
  const { tensors: fileTensors, metadata } = parseSafetensors(safetensors, names.model);
  let tensors = fileTensors;
  if (raw.model_type === 'gpt2') {
    const parsed = parseTransformerConfig(raw, names.config);
    tensors = canonicalGpt2Tensors(fileTensors, parsed.tie_word_embeddings, names.model);
    checkGpt2Shapes(tensors, expectedGpt2Shapes(parsed, names.config), names.model);
  }
  return { config: raw, tensors, tokenizerJson, metadata };
}
