/**
 * Small checks for reading JSON files field by field. Every failure is a TokenizerFormatError that
 * names the file, the JSON path (`model.vocab["Ġt"]`, `added_tokens[2].id`) and the value found.
 */
import { TokenizerFormatError } from '../errors';

/** A JSON object seen as a record. */
export type JsonObject = Record<string, unknown>;

/** A value as it appears in a message: JSON, shortened to about 60 characters. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `parent.key`, or `parent["key"]` when the key is not a plain identifier. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** Throws a TokenizerFormatError for `source`. */
export function fail(source: string, detail: string): never {
  throw new TokenizerFormatError(source, detail);
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `value` as an object, or an error naming `path`. */
export function expectObject(source: string, path: string, value: unknown): JsonObject {
  if (!isObject(value)) fail(source, `${path || 'the top level'} must be an object, found ${show(value)}`);
  return value;
}

/** `value` as an array, or an error naming `path`. */
export function expectArray(source: string, path: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) fail(source, `${path} must be an array, found ${show(value)}`);
  return value;
}

/** `value` as a string, or an error naming `path`. */
export function expectString(source: string, path: string, value: unknown): string {
  if (typeof value !== 'string') fail(source, `${path} must be a string, found ${show(value)}`);
  return value;
}

/** `value` as a token id (a non-negative integer), or an error naming `path`. */
export function expectId(source: string, path: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(source, `${path} must be a non-negative integer id, found ${show(value)}`);
  }
  return value;
}

/** `value` as a boolean (undefined and null give `fallback`), or an error naming `path`. */
export function optionalBoolean(source: string, path: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') fail(source, `${path} must be true or false, found ${show(value)}`);
  return value;
}

/** Parses JSON text, naming the file when it is not JSON. */
export function parseJsonText(source: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    fail(source, `not valid JSON (${(err as Error).message})`);
  }
}
