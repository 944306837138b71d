/**
 * Loading a checkpoint in any JavaScript runtime (browsers included): from a base URL, from Files
 * (an `<input type=file multiple>`, a dropped folder), or from parts already in memory. Node code
 * reading a directory uses `loadCheckpointDir` from '@ftheta/core-model/node'.
 */
import { assembleCheckpoint, parseJsonText, type LoadedCheckpoint } from './assemble-checkpoint';
import { CheckpointError } from './checkpoint-error';

/** A checkpoint whose parts are already in memory. */
export interface CheckpointParts {
  /** config.json: its JSON value, or its text. */
  config: Record<string, unknown> | string;
  /** model.safetensors' bytes. */
  safetensors: ArrayBuffer | Uint8Array;
  /** tokenizer.json: its JSON value or text (null or absent: none). */
  tokenizerJson?: unknown;
}

/**
 * Where a checkpoint comes from: a base URL (fetches `config.json`, `model.safetensors` and, if
 * there, `tokenizer.json` under it), a File list or array (matched by file name: `config.json`,
 * `model.safetensors` or the only `*.safetensors`, optional `tokenizer.json`), or parts in memory.
 */
export type CheckpointSource = string | URL | FileList | readonly File[] | File | CheckpointParts;

/** Options of {@link loadCheckpoint}. */
export interface LoadCheckpointOptions {
  /** The fetch to use for URLs (default: the global fetch). */
  fetch?: typeof fetch;
  /** Aborts the downloads. */
  signal?: AbortSignal;
}

/**
 * Loads a checkpoint (see {@link LoadedCheckpoint} for what the tensors are named and how they are checked).
 * @throws CheckpointError naming the URL or file at fault: a download that fails, a missing
 *   config.json or model.safetensors, invalid JSON, a malformed safetensors file, or tensors that
 *   do not match the config.
 */
export async function loadCheckpoint(source: CheckpointSource, options: LoadCheckpointOptions = {}): Promise<LoadedCheckpoint> {
  if (typeof source === 'string' || source instanceof URL) return loadFromUrl(String(source), options);
  if (isFileLike(source)) return loadFromFiles([source]);
  if (Array.isArray(source) || isFileList(source)) return loadFromFiles(Array.from(source as ArrayLike<File>));
  return loadFromParts(source as CheckpointParts);
}

function isFileLike(x: unknown): x is File {
  return typeof x === 'object' && x !== null && typeof (x as File).name === 'string' && typeof (x as File).arrayBuffer === 'function';
}

function isFileList(x: unknown): x is FileList {
  return (typeof FileList !== 'undefined' && x instanceof FileList) || (typeof x === 'object' && x !== null && typeof (x as FileList).item === 'function' && typeof (x as FileList).length === 'number');
}

function loadFromParts(parts: CheckpointParts): LoadedCheckpoint {
  const config = typeof parts.config === 'string' ? parseJsonText(parts.config, 'config.json') : parts.config;
  const tok = parts.tokenizerJson ?? null;
  const tokenizerJson = typeof tok === 'string' ? parseJsonText(tok, 'tokenizer.json') : tok;
  if (!(parts.safetensors instanceof ArrayBuffer || ArrayBuffer.isView(parts.safetensors))) {
    throw new CheckpointError('model.safetensors', 'safetensors must be an ArrayBuffer or Uint8Array');
  }
  const bytes = parts.safetensors instanceof Uint8Array ? parts.safetensors : new Uint8Array(parts.safetensors as ArrayBuffer);
  return assembleCheckpoint(config, bytes, tokenizerJson, { config: 'config.json', model: 'model.safetensors' });
}

async function loadFromFiles(files: File[]): Promise<LoadedCheckpoint> {
  const label = (f: File) => (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
  const byName = (name: string) => files.find((f) => f.name === name);
  const given = files.map((f) => f.name).join(', ') || 'no files';
  const configFile = byName('config.json');
  if (!configFile) throw new CheckpointError('config.json', `missing among the files given (${given})`);
  let modelFile = byName('model.safetensors');
  if (!modelFile) {
    const all = files.filter((f) => f.name.endsWith('.safetensors'));
    if (all.length === 1) modelFile = all[0];
    else if (byName('model.safetensors.index.json')) throw new CheckpointError('model.safetensors.index.json', 'sharded checkpoints are not supported yet (save as one model.safetensors)');
    else throw new CheckpointError('model.safetensors', all.length ? `several .safetensors files and none named model.safetensors (${given})` : `missing among the files given (${given})`);
  }
  const tokFile = byName('tokenizer.json');
  const config = parseJsonText(await configFile.text(), label(configFile));
  const tokenizerJson = tokFile ? parseJsonText(await tokFile.text(), label(tokFile)) : null;
  const bytes = new Uint8Array(await modelFile.arrayBuffer());
  return assembleCheckpoint(config, bytes, tokenizerJson, { config: label(configFile), model: label(modelFile) });
}

async function loadFromUrl(base: string, options: LoadCheckpointOptions): Promise<LoadedCheckpoint> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const root = base.replace(/\/+$/, '');
  const get = async (name: string, optional: boolean): Promise<Response | null> => {
    const url = `${root}/${name}`;
    let res: Response;
    try {
      res = await doFetch(url, { signal: options.signal });
    } catch (err) {
      throw new CheckpointError(url, `cannot fetch (${(err as Error).message})`, { cause: err });
    }
    if (optional && res.status === 404) return null;
    if (!res.ok) throw new CheckpointError(url, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    return res;
  };
  const [configRes, modelRes, tokRes] = await Promise.all([get('config.json', false), get('model.safetensors', false), get('tokenizer.json', true)]);
  const read = async <T>(res: Response, what: (r: Response) => Promise<T>): Promise<T> => {
    try {
      return await what(res);
    } catch (err) {
      throw new CheckpointError(res.url || root, `download failed (${(err as Error).message})`, { cause: err });
    }
  };
  const config = parseJsonText(await read(configRes!, (r) => r.text()), `${root}/config.json`);
  const tokenizerJson = tokRes ? parseJsonText(await read(tokRes, (r) => r.text()), `${root}/tokenizer.json`) : null;
  const bytes = new Uint8Array(await read(modelRes!, (r) => r.arrayBuffer()));
  return assembleCheckpoint(config, bytes, tokenizerJson, { config: `${root}/config.json`, model: `${root}/model.safetensors` });
}
