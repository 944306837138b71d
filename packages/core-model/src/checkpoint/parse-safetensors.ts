/**
 * Reads a safetensors file held in memory, checking everything before trusting it.
 *
 * Layout: an 8-byte little-endian u64 N, N bytes of UTF-8 JSON (may be right-padded with spaces),
 * then the data buffer. The JSON maps each tensor name to `{dtype, shape, data_offsets: [begin, end]}`
 * (offsets relative to the start of the data buffer) plus an optional `__metadata__` of string
 * values. As the format requires (and as the Rust library and the reference st.py enforce), the
 * tensors must tile the data buffer exactly: sorted by offset, each starts where the previous one
 * ended, the first at 0 and the last at the end of the file; a hole, an overlap or trailing bytes is
 * an error (it is also how a duplicated JSON key, which JSON.parse would silently collapse, shows up).
 */
import { CheckpointError } from './checkpoint-error';
import { decodeToFloat32, isSupportedDtype, SAFETENSORS_DTYPE_SIZE, unsupportedDtypeReason } from './safetensors-dtypes';
import { formatShape, type SafetensorsTensor } from './tensor-types';

/** Largest header accepted (the limit of the reference implementations): 100 MiB. */
export const MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024;

/**
 * The content of a safetensors file: the tensors in the order of their data in the file (for files
 * written by HF, st.py or {@link serializeSafetensors}: sorted by name), and the `__metadata__` strings.
 */
export interface ParsedSafetensors {
  tensors: Map<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

/** Where one tensor lies in a safetensors file (what the header says, checked). */
export interface SafetensorsEntry {
  name: string;
  /** The dtype stored (`F32`, `F16`, `BF16`, ...). */
  dtype: string;
  shape: number[];
  /** Absolute byte range [begin, end) in the file. */
  begin: number;
  end: number;
}

type Entry = SafetensorsEntry;

/**
 * The header length N from a file's first 8 bytes, checked against the size limit and the file's size.
 * @throws CheckpointError naming `source`.
 */
export function safetensorsHeaderLength(first8: Uint8Array, fileSize: number, source: string): number {
  const fail = (problem: string) => new CheckpointError(source, problem);
  if (fileSize < 8 || first8.byteLength < 8) throw fail(`file is ${fileSize} bytes, shorter than the 8-byte header length (not a safetensors file)`);
  const n64 = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(MAX_SAFETENSORS_HEADER)) throw fail(`header length ${n64} is larger than the ${MAX_SAFETENSORS_HEADER}-byte limit (not a safetensors file?)`);
  const n = Number(n64);
  if (8 + n > fileSize) throw fail(`header length ${n} runs past the end of the ${fileSize}-byte file (truncated?)`);
  return n;
}

/**
 * The checked header of a safetensors file of `fileSize` bytes: its tensors in data order (absolute
 * byte ranges) and its `__metadata__`. `header` is the N header bytes (after the 8-byte length).
 * @throws CheckpointError naming `source`, and the tensor and value when one is at fault.
 */
export function parseSafetensorsHeader(header: Uint8Array, fileSize: number, source: string): { entries: SafetensorsEntry[]; metadata: Record<string, string> } {
  const fail = (problem: string) => new CheckpointError(source, problem);
  if (header.byteLength === 0 || header[0] !== 0x7b) throw fail(`header does not start with '{' (not a safetensors file?)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(header);
  } catch {
    throw fail('header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw fail(`header is not valid JSON (${(err as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw fail('header is not a JSON object');
  const dataStart = 8 + header.byteLength;
  const dataLength = fileSize - dataStart;
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (info === null || typeof info !== 'object' || Array.isArray(info)) throw fail('__metadata__ is not a JSON object');
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== 'string') throw fail(`__metadata__ value of ${JSON.stringify(k)} is ${JSON.stringify(v)}, not a string`);
        metadata[k] = v;
      }
      continue;
    }
    entries.push(readEntry(name, info, dataLength, fail));
  }
  const ordered = checkTiling(entries, dataLength, fail).map((e) => ({ ...e, begin: dataStart + e.begin, end: dataStart + e.end }));
  return { entries: ordered, metadata };
}

/**
 * Parses and validates `bytes`, a whole safetensors file, and decodes every tensor to float32 (see
 * safetensors-dtypes.ts for the dtypes read). The result does not share memory with `bytes`.
 * @param source Named in every error (a path, URL or file name).
 * @throws CheckpointError naming `source`, and the tensor and value when one is at fault.
 */
export function parseSafetensors(bytes: Uint8Array, source = 'model.safetensors'): ParsedSafetensors {
  const fail = (problem: string) => new CheckpointError(source, problem);
  const n = safetensorsHeaderLength(bytes.subarray(0, 8), bytes.byteLength, source);
  const { entries, metadata } = parseSafetensorsHeader(bytes.subarray(8, 8 + n), bytes.byteLength, source);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const e of entries) {
    const count = (e.end - e.begin) / SAFETENSORS_DTYPE_SIZE[e.dtype];
    const data = decodeToFloat32(bytes, e.begin, count, e.dtype, (p) => fail(`tensor "${e.name}" (${e.dtype}): ${p}`));
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data });
  }
  return { tensors, metadata };
}

function readEntry(name: string, info: unknown, dataLength: number, fail: (p: string) => Error): Entry {
  const at = `tensor "${name}"`;
  if (info === null || typeof info !== 'object' || Array.isArray(info)) throw fail(`${at}: entry is ${JSON.stringify(info)}, not an object with dtype, shape and data_offsets`);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== 'string') throw fail(`${at}: dtype is ${JSON.stringify(dtype)}, not a string`);
  if (!isSupportedDtype(dtype)) throw fail(`${at}: ${unsupportedDtypeReason(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw fail(`${at}: shape is ${JSON.stringify(shape)}, not a list of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw fail(`${at}: data_offsets is ${JSON.stringify(offsets)}, not [begin, end] with non-negative integers`);
  }
  const [begin, end] = offsets as number[];
  if (begin > end) throw fail(`${at}: data_offsets [${begin}, ${end}] has begin > end`);
  if (end > dataLength) throw fail(`${at}: data_offsets [${begin}, ${end}] runs past the ${dataLength}-byte data buffer (truncated file?)`);
  let expected = SAFETENSORS_DTYPE_SIZE[dtype];
  for (const d of shape as number[]) expected *= d;
  if (end - begin !== expected) {
    throw fail(`${at}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but ${dtype}${formatShape(shape as number[])} needs ${expected}`);
  }
  return { name, dtype, shape: [...(shape as number[])], begin, end };
}

/** The entries in data order, once checked to tile the buffer. */
function checkTiling(entries: Entry[], dataLength: number, fail: (p: string) => Error): Entry[] {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  let prev: Entry | undefined;
  for (const e of sorted) {
    if (e.begin < pos) {
      throw fail(`tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] overlap tensor "${prev!.name}" [${prev!.begin}, ${prev!.end}] (duplicate name in the header?)`);
    }
    if (e.begin > pos) throw fail(`tensor "${e.name}": data buffer has a hole of ${e.begin - pos} bytes at [${pos}, ${e.begin}) before it`);
    pos = e.end;
    prev = e;
  }
  if (pos !== dataLength) throw fail(`data buffer has ${dataLength - pos} trailing bytes after the last tensor (at ${pos} of ${dataLength})`);
  return sorted;
}
