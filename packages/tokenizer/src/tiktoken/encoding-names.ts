/**
 * OpenAI's encodings that ship offline with js-tiktoken, and which models use them.
 */
import { getEncodingNameForModel } from 'js-tiktoken/lite';

/** An encoding whose ranks js-tiktoken ships. */
export type TiktokenEncodingName = 'gpt2' | 'r50k_base' | 'p50k_base' | 'p50k_edit' | 'cl100k_base' | 'o200k_base';

/** Every {@link TiktokenEncodingName}. */
export const TIKTOKEN_ENCODING_NAMES: readonly TiktokenEncodingName[] = ['gpt2', 'r50k_base', 'p50k_base', 'p50k_edit', 'cl100k_base', 'o200k_base'];

/** True when `name` is a {@link TiktokenEncodingName}. */
export function isTiktokenEncodingName(name: string): name is TiktokenEncodingName {
  return (TIKTOKEN_ENCODING_NAMES as readonly string[]).includes(name);
}

/**
 * The encoding an OpenAI model uses ('gpt-4o' -> 'o200k_base'), from js-tiktoken's table.
 * @throws Error naming the model when js-tiktoken does not know it.
 */
export function tiktokenEncodingForModel(model: string): TiktokenEncodingName {
  try {
    return getEncodingNameForModel(model as Parameters<typeof getEncodingNameForModel>[0]);
  } catch {
    throw new Error(`no tiktoken encoding is known for the model ${JSON.stringify(model)} (js-tiktoken's table; pass an encoding name instead: ${TIKTOKEN_ENCODING_NAMES.join(', ')})`);
  }
}
