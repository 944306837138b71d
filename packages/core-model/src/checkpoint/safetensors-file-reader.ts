/**
 * Node only: a safetensors file read one tensor at a time. Opening reads only the 8-byte length and
 * the JSON header (checked as parse-safetensors.ts checks a whole file: dtypes, shapes, byte
 * counts, tensors tiling the data buffer exactly up to the file's end); each {@link SafetensorsFileReader.read}
 * then reads that tensor's byte range from disk and widens it to float32. A file larger than memory
 * can thus be walked through with one tensor in memory at a time.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { CheckpointError } from './checkpoint-error';
import { parseSafetensorsHeader, type SafetensorsEntry, safetensorsHeaderLength } from './parse-safetensors';
import { decodeToFloat32, SAFETENSORS_DTYPE_SIZE } from './safetensors-dtypes';
import type { SafetensorsTensor } from './tensor-types';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

async function readExactly(fh: FileHandle, target: Uint8Array, position: number, source: string): Promise<void> {
  let done = 0;
  while (done < target.byteLength) {
    const { bytesRead } = await fh.read(target, done, target.byteLength - done, position + done);
    if (bytesRead === 0) throw new CheckpointError(source, `unexpected end of file at byte ${position + done} (truncated or changed while reading?)`);
    done += bytesRead;
  }
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
      const head = new Uint8Array(8);
      if (size >= 8) await readExactly(fh, head, 0, path);
      const n = safetensorsHeaderLength(head, size, path);
      const headerBytes = new Uint8Array(n);
      await readExactly(fh, headerBytes, 8, path);
      const { entries, metadata } = parseSafetensorsHeader(headerBytes, size, path);
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
