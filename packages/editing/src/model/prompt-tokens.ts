/**
 * Prompts as token ids, and where the subject sits in them. Every prompt starts a sentence (after
 * {@link SENTENCE_START}); a target is its continuation after one space, as the fact text writes
 * objects.
 */
import type { Tokenizer } from '@ftheta/tokenizer';
import { SENTENCE_START } from '../facts/fact-corpus';

/** A prompt's ids: {@link SENTENCE_START} + `prompt`, or `context` + that when a context is given. */
export function promptIds(tokenizer: Tokenizer, prompt: string, context = ''): number[] {
  return tokenizer.encode(context + SENTENCE_START + prompt, { disallowedSpecial: [] });
}

/**
 * The prompt's ids and its target's ids (the tokens of " " + target that follow the prompt).
 * @throws Error when the tokenizer merges across the boundary (the prompt's tokens are not a prefix
 *   of the whole), naming both texts.
 */
export function promptAndTarget(tokenizer: Tokenizer, prompt: string, target: string, context = ''): { prompt: number[]; target: number[] } {
  const p = promptIds(tokenizer, prompt, context);
  const all = promptIds(tokenizer, `${prompt} ${target}`, context);
  if (!startsWith(all, p) || all.length === p.length) {
    throw new Error(`prompt ${JSON.stringify(prompt)} and target ${JSON.stringify(target)}: the tokenizer does not split them at the boundary`);
  }
  return { prompt: p, target: all.slice(p.length) };
}

/**
 * Index (in {@link promptIds}(tokenizer, prompt, context)) of the subject's last token — where
 * ROME reads the key and writes the value.
 * @throws Error when `subject` is not in `prompt`, or when its end falls inside a token.
 */
export function subjectLastToken(tokenizer: Tokenizer, prompt: string, subject: string, context = ''): number {
  return subjectTokens(tokenizer, prompt, subject, context).end - 1;
}

/** The token range [start, end) of the subject's (first) occurrence in the prompt's ids. */
export function subjectTokens(tokenizer: Tokenizer, prompt: string, subject: string, context = ''): { start: number; end: number } {
  const at = prompt.indexOf(subject);
  if (!subject || at < 0) throw new Error(`subject ${JSON.stringify(subject)} does not occur in the prompt ${JSON.stringify(prompt)}`);
  const all = promptIds(tokenizer, prompt, context);
  // The spaces before the subject belong to its first token in GPT-2 style BPE (" Kalem").
  const before = promptIds(tokenizer, prompt.slice(0, at).replace(/ +$/, ''), context);
  const through = promptIds(tokenizer, prompt.slice(0, at + subject.length), context);
  if (!startsWith(all, through) || !startsWith(through, before) || through.length === before.length) {
    throw new Error(`subject ${JSON.stringify(subject)} in ${JSON.stringify(prompt)}: its tokens are not a run of the prompt's tokens (the tokenizer merges across its edge)`);
  }
  const start = before.length;
  return { start, end: through.length };
}

function startsWith(a: readonly number[], b: readonly number[]): boolean {
  if (b.length > a.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
