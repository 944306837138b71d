/**
 * Budget forcing (s1: "Simple test-time scaling", Muennighoff et al. 2025) as a generate option:
 * a thinking section with a minimum and a maximum number of tokens.
 */
import { GenerateOptionError, checkNumber } from '../generate/option-error';

/** Text, or its token ids (required when generate() has no tokenizer). */
export type TextOrIds = string | readonly number[];

export interface ThinkingOptions {
  /**
   * Start-of-thinking marker, e.g. '<|think|>'. If given and the prompt does not already leave a
   * thinking section open, it is force-fed first. Omit it when the prompt opens the section.
   */
  start?: TextOrIds;
  /** End-of-thinking marker, e.g. '<|/think|>'; must be exactly one token. */
  end: TextOrIds;
  /**
   * Minimum thinking tokens: while fewer, the end marker (or an end token) the model picks is
   * replaced by `waitText`. Default 0.
   */
  minTokens?: number;
  /** Maximum thinking tokens: on reaching it, the end marker and `answerPrefix` are force-fed. Default unlimited. */
  maxTokens?: number;
  /** Appended when the model ends thinking too early. Default 'Wait'. */
  waitText?: TextOrIds;
  /** Force-fed after the end marker when the maximum cuts thinking. Default '\nFinal answer:'. */
  answerPrefix?: TextOrIds;
}

/** ThinkingOptions as token ids, validated. */
export interface ResolvedThinking {
  startIds: number[] | null;
  endId: number;
  minTokens: number;
  maxTokens: number;
  waitIds: number[];
  answerIds: number[];
}

const KNOWN = new Set(['start', 'end', 'minTokens', 'maxTokens', 'waitText', 'answerPrefix']);

/** Validates `thinking` and turns its texts into ids (special tokens allowed in them). */
export function resolveThinking(
  thinking: ThinkingOptions,
  encode: ((text: string) => number[]) | null,
  vocabSize: number,
): ResolvedThinking {
  if (thinking === null || typeof thinking !== 'object') throw new GenerateOptionError('thinking', thinking, 'an object');
  for (const key of Object.keys(thinking)) if (!KNOWN.has(key)) throw new GenerateOptionError(`thinking.${key}`, (thinking as never)[key], `one of ${[...KNOWN].join(', ')} (unknown option)`);
  const toIds = (name: string, value: TextOrIds, allowEmpty: boolean): number[] => {
    let ids: number[];
    if (typeof value === 'string') {
      if (!encode) throw new GenerateOptionError(`thinking.${name}`, value, 'token ids (generate() was given no tokenizer to encode text)');
      ids = encode(value);
    } else if (Array.isArray(value)) ids = [...value];
    else throw new GenerateOptionError(`thinking.${name}`, value, 'a string or an array of token ids');
    if (!ids.every((id) => Number.isInteger(id) && id >= 0 && id < vocabSize)) throw new GenerateOptionError(`thinking.${name}`, value, `token ids in [0, ${vocabSize})`);
    if (!allowEmpty && ids.length === 0) throw new GenerateOptionError(`thinking.${name}`, value, 'a non-empty text or id list');
    return ids;
  };
  if (thinking.end === undefined) throw new GenerateOptionError('thinking.end', undefined, 'the end-of-thinking marker (text or ids)');
  const endIds = toIds('end', thinking.end, false);
  if (endIds.length !== 1) throw new GenerateOptionError('thinking.end', thinking.end, `exactly one token (it encodes to ${endIds.length}: [${endIds}]); use a special token`);
  const minTokens = thinking.minTokens ?? 0;
  checkNumber('thinking.minTokens', minTokens, { min: 0, integer: true }, 'an integer >= 0');
  const maxTokens = thinking.maxTokens ?? Number.POSITIVE_INFINITY;
  if (maxTokens !== Number.POSITIVE_INFINITY) checkNumber('thinking.maxTokens', maxTokens, { min: 0, integer: true }, 'an integer >= 0');
  if (maxTokens < minTokens) throw new GenerateOptionError('thinking.maxTokens', maxTokens, `>= thinking.minTokens (${minTokens})`);
  const waitIds = toIds('waitText', thinking.waitText ?? 'Wait', false);
  if (waitIds.includes(endIds[0])) throw new GenerateOptionError('thinking.waitText', thinking.waitText, 'text without the end-of-thinking marker');
  return {
    startIds: thinking.start === undefined ? null : toIds('start', thinking.start, false),
    endId: endIds[0],
    minTokens,
    maxTokens,
    waitIds,
    answerIds: toIds('answerPrefix', thinking.answerPrefix ?? '\nFinal answer:', true),
  };
}
