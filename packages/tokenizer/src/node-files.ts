/**
 * Node-only file helpers (exported from '@ftheta/tokenizer/node'): load a tokenizer from a file or
 * directory whatever its format, and save a BPE as tokenizer.json without ever leaving a
 * half-written file. Every error names the path.
 */
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BpeSpec, BytePairTokenizer } from './bpe';
import { CharTokenizer } from './char';
import { TokenizerFormatError } from './errors';
import { parseGpt2VocabMerges } from './hf/parse-gpt2-vocab-merges';
import { parseTokenizerJson } from './hf/parse-tokenizer-json';
import { tokenizerFromHfSpec, type PrefixSpaceTokenizer } from './hf/prefix-space-tokenizer';
import { toTokenizerJson, type ToTokenizerJsonOptions } from './hf/to-tokenizer-json';
import { isTiktokenEncodingName, loadTiktokenSpec, parseTiktokenFile } from './tiktoken';

/** The file formats {@link loadTokenizerSpec} reads. */
export type TokenizerFileFormat = 'tokenizer.json' | 'gpt2-vocab-merges' | 'tiktoken';

/** Options for files that do not say everything themselves. */
export interface LoadTokenizerOptions {
  /**
   * For a .tiktoken file (which has no pattern and no special tokens): the pre-tokenizer pattern
   * and special tokens. Default: those of the OpenAI encoding the file is named after
   * (`cl100k_base.tiktoken`); any other .tiktoken file needs `pattern`.
   */
  pattern?: string;
  specialTokens?: Record<string, number>;
}

/** A BPE spec read from disk, and how it was stored. */
export interface LoadedSpec {
  format: TokenizerFileFormat;
  spec: BpeSpec & { addPrefixSpace?: boolean };
  /** The file(s) it was read from. */
  files: string[];
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw ioError(file, 'cannot read', err);
  }
}

function ioError(file: string, what: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
  return new Error(`${file}: ${what}: ${why}`, { cause: err });
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

const TIKTOKEN_LINE = /^[A-Za-z0-9+/]+=*\s\d+\r?$/;

/**
 * Reads the BPE at `file`: a tokenizer.json, a .tiktoken rank file, a GPT-2 vocab.json (with
 * merges.txt beside it), or a directory holding tokenizer.json or vocab.json + merges.txt.
 * @throws Error naming the path when it cannot be read; TokenizerFormatError naming the file and
 *   the field when its content is wrong or of no known format.
 */
export async function loadTokenizerSpec(file: string, options: LoadTokenizerOptions = {}): Promise<LoadedSpec> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (err) {
    throw ioError(file, 'cannot load a tokenizer', err);
  }
  if (info.isDirectory()) return loadDirectory(file);
  const text = await readText(file);
  const firstLine = text.slice(0, 300).split('\n', 1)[0];
  if (file.endsWith('.tiktoken') || TIKTOKEN_LINE.test(firstLine)) return loadTiktokenFile(file, text, options);
  if (!text.trimStart().startsWith('{')) {
    throw new TokenizerFormatError(file, 'not a tokenizer file: expected a tokenizer.json, a vocab.json or a .tiktoken rank file');
  }
  const json = parseJson(file, text);
  if ('model' in json) return { format: 'tokenizer.json', spec: parseTokenizerJson(json, file), files: [file] };
  const merges = path.join(path.dirname(file), 'merges.txt');
  if (await isFile(merges)) return loadVocabMerges(file, merges, json);
  throw new TokenizerFormatError(file, `has no "model" (not a tokenizer.json), and no merges.txt is beside it (not a GPT-2 vocab.json)`);
}

/**
 * A tokenizer for `file` (see {@link loadTokenizerSpec}); also ftheta's char tokenizer JSON
 * (`{"type": "ftheta-char", ...}`). A tokenizer.json asking for add_prefix_space gives a
 * PrefixSpaceTokenizer around the BytePairTokenizer.
 */
export async function loadTokenizerFile(
  file: string,
  options: LoadTokenizerOptions = {},
): Promise<BytePairTokenizer | PrefixSpaceTokenizer | CharTokenizer> {
  if (await isFile(file)) {
    const text = await readText(file);
    if (text.trimStart().startsWith('{')) {
      const json = parseJson(file, text);
      if (json.type === 'ftheta-char') return CharTokenizer.fromJSON(json, file);
      if ('model' in json) return tokenizerFromHfSpec(parseTokenizerJson(json, file));
    }
  }
  const { spec } = await loadTokenizerSpec(file, options);
  return tokenizerFromHfSpec(spec);
}

function parseJson(file: string, text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TokenizerFormatError(file, `not valid JSON (${(err as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new TokenizerFormatError(file, 'the top level must be a JSON object');
  return json as Record<string, unknown>;
}

async function loadDirectory(dir: string): Promise<LoadedSpec> {
  const tokenizerJson = path.join(dir, 'tokenizer.json');
  if (await isFile(tokenizerJson)) {
    return { format: 'tokenizer.json', spec: parseTokenizerJson(await readText(tokenizerJson), tokenizerJson), files: [tokenizerJson] };
  }
  const vocab = path.join(dir, 'vocab.json');
  const merges = path.join(dir, 'merges.txt');
  if ((await isFile(vocab)) && (await isFile(merges))) return loadVocabMerges(vocab, merges, await readText(vocab));
  throw new Error(`${dir}: a directory without tokenizer.json, nor vocab.json and merges.txt`);
}

async function loadVocabMerges(vocab: string, merges: string, vocabJson: unknown): Promise<LoadedSpec> {
  const spec = parseGpt2VocabMerges(vocabJson, await readText(merges), { vocabSource: vocab, mergesSource: merges });
  return { format: 'gpt2-vocab-merges', spec, files: [vocab, merges] };
}

async function loadTiktokenFile(file: string, text: string, options: LoadTokenizerOptions): Promise<LoadedSpec> {
  const base = path.basename(file).replace(/\.tiktoken$/, '');
  let { pattern, specialTokens } = options;
  if (pattern === undefined && isTiktokenEncodingName(base)) {
    const known = await loadTiktokenSpec(base);
    pattern = known.pattern;
    specialTokens ??= known.specialTokens;
  }
  if (pattern === undefined) {
    throw new TokenizerFormatError(
      file,
      'a .tiktoken file has no pre-tokenizer pattern: name it after an OpenAI encoding (e.g. cl100k_base.tiktoken) or pass { pattern, specialTokens }',
    );
  }
  const spec = parseTiktokenFile(text, { name: file, pattern, specialTokens: specialTokens ?? {}, source: file });
  return { format: 'tiktoken', spec, files: [file] };
}

/**
 * Writes `spec` as a Hugging Face tokenizer.json at `file`, atomically: the JSON goes to
 * `${file}.tmp-<pid>`, is flushed to disk, then renamed over `file`. A crash or an error leaves
 * either the old file or the new one, never a half-written one (the temporary file is removed on
 * error).
 */
export async function saveTokenizerJson(spec: BpeSpec, file: string, options: ToTokenizerJsonOptions = {}): Promise<void> {
  const text = `${JSON.stringify(toTokenizerJson(spec, options), null, 2)}\n`;
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw ioError(file, 'cannot write', err);
  }
}
