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
  const byName = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, t] of tensors) {
    if (name === '__metadata__') throw fail(`"__metadata__" is reserved and cannot name a tensor`);
    if (byName.has(name)) throw fail(`tensor "${name}" is given twice`);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw fail(`tensor "${name}": shape ${JSON.stringify(t.shape)} is not a list of non-negative integers`);
    }
    if (!(t.data instanceof Float32Array)) throw fail(`tensor "${name}": data is not a Float32Array`);
    if (t.data.length !== shapeSize(t.shape)) {
      throw fail(`tensor "${name}": shape ${formatShape(t.shape)} holds ${shapeSize(t.shape)} values, data has ${t.data.length}`);
    }
    byName.set(name, { shape: [...t.shape], data: t.data });
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw fail(`__metadata__ value of ${JSON.stringify(k)} is ${JSON.stringify(v)}, not a string`);
  }

  const names = [...byName.keys()].sort(compareCodePoints);
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const { shape, data } = byName.get(name)!;
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.length * 4] };
    offset += data.length * 4;
  }
  // A name like "0" would be moved first by JS object key ordering: build the JSON text by hand.
  const parts: string[] = [];
  if (header.__metadata__) parts.push(`${pythonJson('__metadata__')}:${pythonJson(metadata)}`);
  for (const name of names) parts.push(`${pythonJson(name)}:${pythonJson(header[name])}`);
  let json = `{${parts.join(',')}}`;
  json += ' '.repeat((8 - (json.length % 8)) % 8); // pure ASCII: length in chars = length in bytes

  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  for (let i = 0; i < json.length; i++) out[8 + i] = json.charCodeAt(i);
  let pos = 8 + json.length;
  const view = new DataView(out.buffer);
  for (const name of names) {
    const { data } = byName.get(name)!;
    if (LITTLE_ENDIAN) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), pos);
    else for (let i = 0; i < data.length; i++) view.setFloat32(pos + i * 4, data[i], true);
    pos += data.byteLength;
  }
  return out;
}
