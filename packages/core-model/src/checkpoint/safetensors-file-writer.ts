/**
 * Node only: a safetensors file (F32) written one tensor at a time. All names and shapes are given
 * up front, so the header is written first; the tensors then follow in {@link SafetensorsFileWriter.order}
 * (sorted by name, code point order), each written as it comes and dropped. The layout is byte for
 * byte serialize-safetensors.ts's (and the reference st.py's). Everything goes to a temp file beside
 * the target (`<name>.tmp-<pid>-<random>`), flushed and renamed over the target by
 * {@link SafetensorsFileWriter.finish}: the target is never half-written, and {@link SafetensorsFileWriter.abort}
 * (or any failure) leaves it as it was.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { CheckpointError } from './checkpoint-error';
import { safetensorsHeader, type TensorSpec } from './serialize-safetensors';
import { formatShape, shapeSize } from './tensor-types';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Bytes gathered before one write call (small tensors are batched). */
const CHUNK = 4 * 1024 * 1024;

/** Streams tensors into a safetensors file; create it with {@link SafetensorsFileWriter.create}. */
export class SafetensorsFileWriter {
  /** The names in the order {@link write} expects them (the file's data order). */
  readonly order: readonly string[];
  /** The target path. */
  readonly path: string;
  /** Bytes of the whole file. */
  readonly byteLength: number;
  private readonly shapes: Map<string, number[]>;
  private readonly temp: string;
  private fh: FileHandle | null;
  private next = 0;
  private position: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  private constructor(path: string, temp: string, fh: FileHandle, order: string[], shapes: Map<string, number[]>, headerBytes: number, byteLength: number) {
    this.path = path;
    this.temp = temp;
    this.fh = fh;
    this.order = order;
    this.shapes = shapes;
    this.position = headerBytes;
    this.byteLength = byteLength;
  }

  /**
   * Checks `specs` and `metadata`, opens the temp file and writes the header.
   * @throws CheckpointError naming `path`: a repeated or reserved name, a bad shape or metadata value,
   *   or a temp file that cannot be created.
   */
  static async create(path: string, specs: Iterable<TensorSpec>, metadata: Record<string, string> = { format: 'pt' }): Promise<SafetensorsFileWriter> {
    const fail = (problem: string) => new CheckpointError(path, problem);
    const { bytes: header, order, shapes, dataBytes: offset } = safetensorsHeader(specs, metadata, path);
    const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    let fh: FileHandle;
    try {
      fh = await open(temp, 'wx');
    } catch (err) {
      throw fail(`cannot write (${(err as Error).message}); nothing was changed`);
    }
    const writer = new SafetensorsFileWriter(path, temp, fh, order, shapes, header.byteLength, header.byteLength + offset);
    try {
      await fh.write(header, 0, header.byteLength, 0);
    } catch (err) {
      await writer.abort();
      throw fail(`cannot write (${(err as Error).message}); nothing was changed`);
    }
    return writer;
  }

  /** The name {@link write} expects next, or null when all were written. */
  get expected(): string | null {
    return this.next < this.order.length ? this.order[this.next] : null;
  }

  /**
   * Writes the next tensor; `name` must be {@link expected} and `data` hold its shape's size.
   * @throws CheckpointError naming the file and tensor (out of order, wrong size, write failed).
   */
  async write(name: string, data: Float32Array): Promise<void> {
    if (!this.fh) throw new CheckpointError(this.path, `cannot write tensor "${name}": the writer is closed`);
    const want = this.expected;
    if (name !== want) throw new CheckpointError(this.path, want === null ? `tensor "${name}" comes after the last tensor` : `tensor "${name}" given where "${want}" comes next (write in .order)`);
    const shape = this.shapes.get(name)!;
    if (!(data instanceof Float32Array) || data.length !== shapeSize(shape)) {
      throw new CheckpointError(this.path, `tensor "${name}": shape ${formatShape(shape)} holds ${shapeSize(shape)} values, data has ${(data as Float32Array)?.length}`);
    }
    let bytes: Uint8Array;
    if (LITTLE_ENDIAN) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else {
      bytes = new Uint8Array(data.byteLength);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
    }
    this.next++;
    if (bytes.byteLength >= CHUNK) {
      await this.flush();
      await this.writeBytes(bytes);
    } else {
      this.pending.push(bytes.slice());
      this.pendingBytes += bytes.byteLength;
      if (this.pendingBytes >= CHUNK) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const joined = new Uint8Array(this.pendingBytes);
    let at = 0;
    for (const p of this.pending) {
      joined.set(p, at);
      at += p.byteLength;
    }
    this.pending = [];
    this.pendingBytes = 0;
    await this.writeBytes(joined);
  }

  private async writeBytes(bytes: Uint8Array): Promise<void> {
    let done = 0;
    try {
      while (done < bytes.byteLength) {
        const { bytesWritten } = await this.fh!.write(bytes, done, bytes.byteLength - done, this.position + done);
        done += bytesWritten;
      }
    } catch (err) {
      throw new CheckpointError(this.path, `cannot write (${(err as Error).message})`, { cause: err });
    }
    this.position += bytes.byteLength;
  }

  /**
   * Flushes the temp file to disk and renames it over the target.
   * @throws CheckpointError when tensors are missing or the file cannot be written (the target is as before).
   */
  async finish(): Promise<void> {
    if (!this.fh) throw new CheckpointError(this.path, 'the writer is closed');
    try {
      if (this.expected !== null) throw new CheckpointError(this.path, `${this.order.length - this.next} tensor(s) not written, from "${this.expected}"`);
      await this.flush();
      await this.fh.sync();
      await this.fh.close();
      this.fh = null;
      await rename(this.temp, this.path);
    } catch (err) {
      await this.abort();
      if (err instanceof CheckpointError) throw err;
      throw new CheckpointError(this.path, `cannot replace (${(err as Error).message}); nothing was changed`, { cause: err });
    }
  }

  /** Closes and removes the temp file; the target is left as it was (idempotent). */
  async abort(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    if (fh) await fh.close().catch(() => undefined);
    await rm(this.temp, { force: true }).catch(() => undefined);
  }
}
