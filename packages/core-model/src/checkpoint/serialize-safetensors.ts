/**
 * Writes tensors as a safetensors file (F32), laid out byte for byte as the reference writer
 * (shared/refs/st.py, like Python's `json.dumps(..., separators=(",", ":"))`) does: `__metadata__`
 * first, then the tensors sorted by name (code point order, as Python's `sorted`), non-ASCII escaped
 * as `\uXXXX`, the header right-padded with spaces to a multiple of 8 bytes, then the data in the
 * same order.
 */
import { CheckpointError } from './checkpoint-error';
import { formatShape, shapeSize } from './tensor-types';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Python's `sorted()` order for str: by code point (JS `<` compares UTF-16 units, which differs above U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** JSON text as Python's json.dumps writes it with ensure_ascii (the default). */
function pythonJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => (c === '\u007f' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** A tensor as the header describes it: its name and shape (F32). */
export interface TensorSpec {
  name: string;
  shape: readonly number[];
}

/** The bytes before the data of an F32 safetensors file, and the data order. */
export interface SafetensorsHeader {
  /** The 8-byte length + the padded JSON header. */
  bytes: Uint8Array;
  /** Tensor names in data order (code point order, as Python's `sorted`). */
  order: string[];
  /** Checked shapes by name. */
  shapes: Map<string, number[]>;
  /** Bytes of the data buffer that follows. */
  dataBytes: number;
}

/**
 * The header of an F32 safetensors file holding `specs` (see the file comment for the layout).
 * @throws CheckpointError naming `source`: a repeated or reserved name, a shape that is not a list of
 *   non-negative integers, or a metadata value that is not a string.
 */
export function safetensorsHeader(specs: Iterable<TensorSpec>, metadata: Record<string, string>, source: string): SafetensorsHeader {
  const fail = (problem: string) => new CheckpointError(source, problem);
  const shapes = new Map<string, number[]>();
  for (const { name, shape } of specs) {
    if (name === '__metadata__') throw fail(`"__metadata__" is reserved and cannot name a tensor`);
    if (shapes.has(name)) throw fail(`tensor "${name}" is given twice`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw fail(`tensor "${name}": shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
    }
    shapes.set(name, [...shape]);
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw fail(`__metadata__ value of ${JSON.stringify(k)} is ${JSON.stringify(v)}, not a string`);
  }
  const order = [...shapes.keys()].sort(compareCodePoints);
  // A name like "0" would be moved first by JS object key ordering: build the JSON text by hand.
  const parts: string[] = [];
  if (Object.keys(metadata).length > 0) parts.push(`${pythonJson('__metadata__')}:${pythonJson(metadata)}`);
  let offset = 0;
  for (const name of order) {
    const bytes = shapeSize(shapes.get(name)!) * 4;
    parts.push(`${pythonJson(name)}:${pythonJson({ dtype: 'F32', shape: shapes.get(name), data_offsets: [offset, offset + bytes] })}`);
    offset += bytes;
  }
  let json = `{${parts.join(',')}}`;
  json += ' '.repeat((8 - (json.length % 8)) % 8); // pure ASCII: length in chars = length in bytes
  const out = new Uint8Array(8 + json.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  for (let i = 0; i < json.length; i++) out[8 + i] = json.charCodeAt(i);
  return { bytes: out, order, shapes, dataBytes: offset };
}

/**
 * A safetensors file holding `tensors` as F32.
 * @param metadata The `__metadata__` strings (omitted from the file when empty, as st.py does).
 * @param source Named in errors (the file this is going to).
 * @throws CheckpointError when a name repeats or is `__metadata__`, a shape is not a list of
 *   non-negative integers, or `data.length` differs from the shape's size.
 */
export function serializeSafetensors(
  tensors: Iterable<[string, { shape: readonly number[]; data: Float32Array }]>,
  metadata: Record<string, string> = { format: 'pt' },
  source = 'model.safetensors',
): Uint8Array {
  const fail = (problem: string) => new CheckpointError(source, problem);
  const list = [...tensors];
  const header = safetensorsHeader(list.map(([name, t]) => ({ name, shape: t.shape })), metadata, source);
  const data = new Map<string, Float32Array>();
  for (const [name, t] of list) {
    if (!(t.data instanceof Float32Array)) throw fail(`tensor "${name}": data is not a Float32Array`);
    const shape = header.shapes.get(name)!;
    if (t.data.length !== shapeSize(shape)) throw fail(`tensor "${name}": shape ${formatShape(shape)} holds ${shapeSize(shape)} values, data has ${t.data.length}`);
    data.set(name, t.data);
  }
  const out = new Uint8Array(header.bytes.byteLength + header.dataBytes);
  out.set(header.bytes);
  let pos = header.bytes.byteLength;
  const view = new DataView(out.buffer);
  for (const name of header.order) {
    const d = data.get(name)!;
    if (LITTLE_ENDIAN) out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), pos);
    else for (let i = 0; i < d.length; i++) view.setFloat32(pos + i * 4, d[i], true);
    pos += d.byteLength;
  }
  return out;
}
