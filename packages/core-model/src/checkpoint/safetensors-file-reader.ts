/**
 * Node only: a safetensors file read one tensor at a time. Opening reads only the 8-byte length and
 * the JSON header (checked as parse-safetensors.ts checks a whole file: dtypes, shapes, byte
 * counts, tensors tiling the data buffer exactly up to the file's end); each {@link SafetensorsFileReader.read}
 * then reads that tensor's byte range from disk and widens it to float32. A file larger than memory
 * can thus be walked through with one tensor in memory at a time.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { CheckpointError } from './checkpoint-error';
import { MAX_SAFETENSORS_HEADER } from './parse-safetensors';
import { decodeToFloat32, isSupportedDtype, SAFETENSORS_DTYPE_SIZE, unsupportedDtypeReason } from './safetensors-dtypes';
import { formatShape, type SafetensorsTensor } from './tensor-types';

/** Where one tensor lies in a safetensors file. */
export interface SafetensorsEntry {
  name: string;
  /** The dtype stored (`F32`, `F16`, `BF16`, ...); {@link SafetensorsFileReader.read} widens it to float32. */
  dtype: string;
  shape: number[];
  /** Absolute byte range [begin, end) in the file. */
  begin: number;
  end: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

async function readExactly(fh: FileHandle, target: Uint8Array, position: number, source: string): Promise<void> {
  let done = 0;
  while (done < target.byteLength) {
    const { bytesRead } = await fh.read(target, done, target.byteLength - done, position + done);
    if (bytesRead === 0) throw new CheckpointError(source, `unexpected end of file at byte ${position + done} (truncated or changed while reading?)`);
    done += bytesRead;
  }
}

/**
 * The entries of a safetensors header (`header` is its JSON text) for a file of `fileSize` bytes, in
 * data order, and its `__metadata__`.
 * @throws CheckpointError naming `source` and the tensor or value at fault.
 */
export function parseSafetensorsHeader(text: string, headerLength: number, fileSize: number, source: string): { entries: SafetensorsEntry[]; metadata: Record<string, string> } {
  const fail = (problem: string) => new CheckpointError(source, problem);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (err) {
    throw fail(`header is not valid JSON (${(err as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw fail('header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = fileSize - dataStart;
  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (info === null || typeof info !== 'object' || Array.isArray(info)) throw fail('__metadata__ is not a JSON object');
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== 'string') throw fail(`__metadata__ value of ${JSON.stringify(k)} is ${JSON.stringify(v)}, not a string`);
        metadata[k] = v;
      }
      continue;
    }
    const at = `tensor "${name}"`;
    if (info === null || typeof info !== 'object' || Array.isArray(info)) throw fail(`${at}: entry is ${JSON.stringify(info)}, not an object with dtype, shape and data_offsets`);
    const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
    if (typeof dtype !== 'string') throw fail(`${at}: dtype is ${JSON.stringify(dtype)}, not a string`);
    if (!isSupportedDtype(dtype)) throw fail(`${at}: ${unsupportedDtypeReason(dtype)}`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw fail(`${at}: shape is ${JSON.stringify(shape)}, not a list of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      throw fail(`${at}: data_offsets is ${JSON.stringify(offsets)}, not [begin, end] with non-negative integers`);
    }
    const [begin, end] = offsets as number[];
    if (begin > end) throw fail(`${at}: data_offsets [${begin}, ${end}] has begin > end`);
    if (end > dataLength) throw fail(`${at}: data_offsets [${begin}, ${end}] runs past the ${dataLength}-byte data buffer (truncated file?)`);
    let expected = SAFETENSORS_DTYPE_SIZE[dtype];
    for (const d of shape as number[]) expected *= d;
    if (end - begin !== expected) throw fail(`${at}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but ${dtype}${formatShape(shape as number[])} needs ${expected}`);
    entries.push({ name, dtype, shape: [...(shape as number[])], begin: dataStart + begin, end: dataStart + end });
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = dataStart;
  let prev: SafetensorsEntry | undefined;
  for (const e of entries) {
    if (e.begin < pos) throw fail(`tensor "${e.name}": data overlaps tensor "${prev!.name}" (duplicate name in the header?)`);
    if (e.begin > pos) throw fail(`tensor "${e.name}": data buffer has a hole of ${e.begin - pos} bytes before it`);
    pos = e.end;
    prev = e;
  }
  if (pos !== fileSize) throw fail(`data buffer has ${fileSize - pos} trailing bytes after the last tensor`);
  return { entries, metadata };
}

/** An open safetensors file; close it with {@link SafetensorsFileReader.close}. */
export class SafetensorsFileReader {
  /** The tensors by name, in data order. */
  readonly entries: ReadonlyMap<string, SafetensorsEntry>;
  /** The header's `__metadata__`. */
  readonly metadata: Readonly<Record<string, string>>;
  /** The file's path (named in errors). */
  readonly path: string;
  private fh: FileHandle | null;

  private constructor(path: string, fh: FileHandle, entries: SafetensorsEntry[], metadata: Record<string, string>) {
    this.path = path;
    this.fh = fh;
    this.entries = new Map(entries.map((e) => [e.name, e]));
    this.metadata = metadata;
  }

  /**
   * Opens `path` and reads its header (only).
   * @throws CheckpointError naming the file: unreadable, not safetensors, or a malformed header.
   */
  static async open(path: string): Promise<SafetensorsFileReader> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CheckpointError(path, `cannot open: ${code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`, { cause: err });
    }
    try {
      const size = (await fh.stat()).size;
      if (size < 8) throw new CheckpointError(path, `file is ${size} bytes, shorter than the 8-byte header length (not a safetensors file)`);
      const head = new Uint8Array(8);
      await readExactly(fh, head, 0, path);
      const n64 = new DataView(head.buffer).getBigUint64(0, true);
      if (n64 > BigInt(MAX_SAFETENSORS_HEADER)) throw new CheckpointError(path, `header length ${n64} is larger than the ${MAX_SAFETENSORS_HEADER}-byte limit (not a safetensors file?)`);
      const n = Number(n64);
      if (8 + n > size) throw new CheckpointError(path, `header length ${n} runs past the end of the ${size}-byte file (truncated?)`);
      const headerBytes = new Uint8Array(n);
      await readExactly(fh, headerBytes, 8, path);
      if (n === 0 || headerBytes[0] !== 0x7b) throw new CheckpointError(path, `header does not start with '{' (not a safetensors file?)`);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
      } catch {
        throw new CheckpointError(path, 'header is not valid UTF-8');
      }
      const { entries, metadata } = parseSafetensorsHeader(text, n, size, path);
      return new SafetensorsFileReader(path, fh, entries, metadata);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  /**
   * Reads tensor `name` from disk, widened to float32 (a new array each call).
   * @throws CheckpointError naming the file and the tensor (unknown name, closed reader, bad value).
   */
  async read(name: string): Promise<SafetensorsTensor> {
    const e = this.entries.get(name);
    if (!e) throw new CheckpointError(this.path, `no tensor "${name}"`);
    if (!this.fh) throw new CheckpointError(this.path, `cannot read tensor "${name}": the reader is closed`);
    const count = (e.end - e.begin) / SAFETENSORS_DTYPE_SIZE[e.dtype];
    if (e.dtype === 'F32' && LITTLE_ENDIAN) {
      const data = new Float32Array(count);
      await readExactly(this.fh, new Uint8Array(data.buffer), e.begin, this.path);
      return { dtype: e.dtype, shape: [...e.shape], data };
    }
    const bytes = new Uint8Array(e.end - e.begin);
    await readExactly(this.fh, bytes, e.begin, this.path);
    const data = decodeToFloat32(bytes, 0, count, e.dtype, (p) => new CheckpointError(this.path, `tensor "${name}" (${e.dtype}): ${p}`));
    return { dtype: e.dtype, shape: [...e.shape], data };
  }

  /** Closes the file (idempotent). */
  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    if (fh) await fh.close();
  }
}
