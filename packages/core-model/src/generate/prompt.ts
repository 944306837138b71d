/** Turns generate()'s prompt argument (text or ids, one or a batch) into lists of ids. */
import type { Tokenizer } from '@ftheta/tokenizer';
import { GenerateOptionError } from './option-error';

/** One prompt (text or ids) or a batch of them. */
export type Prompt = string | readonly number[] | readonly (string | readonly number[])[];

/** The prompts as id lists (one per batch row), checked against the vocabulary. */
export function normalizePrompts(
  prompt: Prompt,
  tokenizer: Tokenizer | null,
  vocabSize: number,
  allowedSpecial: 'all' | readonly string[] = 'all',
): number[][] {
  const single = typeof prompt === 'string' || (Array.isArray(prompt) && prompt.length > 0 && typeof prompt[0] === 'number');
  const list = (single ? [prompt] : prompt) as readonly (string | readonly number[])[];
  if (!Array.isArray(list) || list.length === 0) throw new GenerateOptionError('prompt', prompt, 'text, token ids, or a non-empty array of them');
  return list.map((p, row) => {
    const where = single ? 'prompt' : `prompt[${row}]`;
    let ids: number[];
    if (typeof p === 'string') {
      if (!tokenizer) throw new GenerateOptionError(where, p, 'token ids (no tokenizer was given to encode text)');
      ids = tokenizer.encode(p, { allowedSpecial: allowedSpecial === 'all' ? 'all' : [...allowedSpecial] });
    } else if (Array.isArray(p)) ids = [...p];
    else throw new GenerateOptionError(where, p, 'text or an array of token ids');
    if (ids.length === 0) throw new GenerateOptionError(where, p, 'at least one token (there is nothing to condition on; start with a BOS token)');
    const bad = ids.findIndex((id) => !Number.isInteger(id) || id < 0 || id >= vocabSize);
    if (bad >= 0) throw new GenerateOptionError(`${where}[${bad}]`, ids[bad], `a token id in [0, ${vocabSize})`);
    return ids;
  });
}

/** The default end token(s): config.eos_token_id, else the tokenizer's '<|endoftext|>'. */
export function defaultEosIds(config: { readonly [key: string]: unknown }, tokenizer: Tokenizer | null): number[] {
  const e = config.eos_token_id;
  if (typeof e === 'number') return [e];
  if (Array.isArray(e) && e.every((x) => typeof x === 'number')) return [...e];
  const id = tokenizer?.specialTokens.get('<|endoftext|>');
  return id === undefined ? [] : [id];
}
