/**
 * Palette files: `{ "type": "ftheta-palette", "version": 1, "colors": [[r, g, b], ...] }`, one
 * triplet per token id, in id order.
 */
import { TokenizerFormatError } from '../errors';
import { Palette } from './palette';

/** The JSON form of a {@link Palette}. */
export interface PaletteJson {
  type: 'ftheta-palette';
  version: 1;
  /** Colour of each token id: [r, g, b], integers in 0..255. */
  colors: [number, number, number][];
}

/** The JSON form of `palette` (stringify it with `JSON.stringify`). */
export function paletteToJson(palette: Palette): PaletteJson {
  const colors: [number, number, number][] = [];
  for (let i = 0; i < palette.size; i++) colors.push(palette.color(i));
  return { type: 'ftheta-palette', version: 1, colors };
}

/**
 * Reads a palette from its parsed JSON. Throws a `TokenizerFormatError` naming `source` and the
 * field at fault (e.g. `palette.json: colors[3][1] is 300, expected an integer in 0..255`).
 */
export function paletteFromJson(json: unknown, source = 'palette JSON'): Palette {
  if (json == null || typeof json !== 'object' || Array.isArray(json)) throw new TokenizerFormatError(source, 'not a JSON object');
  const j = json as Record<string, unknown>;
  if (j.type !== 'ftheta-palette') throw new TokenizerFormatError(source, `type is ${JSON.stringify(j.type)}, expected "ftheta-palette"`);
  if (j.version !== 1) throw new TokenizerFormatError(source, `version is ${JSON.stringify(j.version)}, only 1 is supported`);
  const colors = j.colors;
  if (!Array.isArray(colors)) throw new TokenizerFormatError(source, 'colors must be an array of [r, g, b] triplets');
  if (colors.length === 0) throw new TokenizerFormatError(source, 'colors is empty; a palette needs at least one colour');
  const flat = new Uint8Array(colors.length * 3);
  colors.forEach((c: unknown, i) => {
    if (!Array.isArray(c) || c.length !== 3) {
      throw new TokenizerFormatError(source, `colors[${i}] is ${JSON.stringify(c)}, expected [r, g, b]`);
    }
    c.forEach((v: unknown, a) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
        throw new TokenizerFormatError(source, `colors[${i}][${a}] is ${JSON.stringify(v)}, expected an integer in 0..255`);
      }
      flat[3 * i + a] = v;
    });
  });
  return new Palette(flat);
}
