/**
 * Reads GPT-2's original two files: vocab.json (byte-level token string -> id) and merges.txt (a
 * `#version: 0.2` line, then one merge "left right" per line, highest priority first).
 */
import type { BpeSpec } from '../bpe';
import { buildBpeSpec, type MergeEntry, type SpecialEntry } from './build-bpe-spec';
import { expectObject, fail, parseJsonText, show } from './json-fields';
import { GPT2_PATTERN } from '../pretokenize';

/** Options for {@link parseGpt2VocabMerges}. */
export interface Gpt2VocabMergesOptions {
  /** Names of the two files in errors (e.g. their paths). Default 'vocab.json' and 'merges.txt'. */
  vocabSource?: string;
  mergesSource?: string;
  /** Tokenizer name. Default: the vocab source. */
  name?: string;
  /**
   * vocab.json entries that are special tokens rather than byte strings. Default
   * `['<|endoftext|>']` (GPT-2's only special, id 50256); names absent from vocab.json are skipped.
   */
  specialTokens?: string[];
  /** Pre-tokenizer regex. Default GPT-2's. */
  pattern?: string;
}

/** Parses vocab.json (text or object) and merges.txt (text) into a BpeSpec. */
export function parseGpt2VocabMerges(vocabJson: unknown, mergesTxt: string, options: Gpt2VocabMergesOptions = {}): BpeSpec {
  const vocabSource = options.vocabSource ?? 'vocab.json';
  const mergesSource = options.mergesSource ?? 'merges.txt';
  const vocab = expectObject(vocabSource, '', typeof vocabJson === 'string' ? parseJsonText(vocabSource, vocabJson) : vocabJson);
  if (typeof mergesTxt !== 'string') fail(mergesSource, `must be text, found ${show(mergesTxt)}`);

  const specials: SpecialEntry[] = [];
  for (const content of options.specialTokens ?? ['<|endoftext|>']) {
    if (Object.hasOwn(vocab, content)) {
      const id = vocab[content];
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
        fail(vocabSource, `${JSON.stringify(content)} must be a non-negative integer id, found ${show(id)}`);
      }
      specials.push({ content, id, where: JSON.stringify(content) });
    }
  }
  return buildBpeSpec({
    name: options.name ?? vocabSource,
    pattern: options.pattern ?? GPT2_PATTERN,
    vocabSource,
    vocabPath: '',
    vocab,
    mergesSource,
    merges: readMergesTxt(mergesSource, mergesTxt),
    specialsSource: vocabSource,
    specials,
  });
}

/** The merges of a merges.txt: skips `#version` lines and empty lines; each other line is "a b". */
export function readMergesTxt(source: string, text: string): MergeEntry[] {
  const merges: MergeEntry[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line === '' || line.startsWith('#version')) return;
    const where = `line ${i + 1}`;
    const parts = line.split(' ');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      fail(source, `${where} is ${show(line)}: a merge must be two tokens separated by one space`);
    }
    merges.push({ left: parts[0], right: parts[1], where });
  });
  return merges;
}
