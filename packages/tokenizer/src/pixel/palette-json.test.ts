import { describe, expect, it } from 'vitest';
import { TokenizerFormatError } from '../errors';
import { Palette } from './palette';
import { paletteFromJson, paletteToJson } from './palette-json';

describe('palette JSON', () => {
  it('round-trips through JSON text', () => {
    const palette = new Palette([1, 2, 3, 250, 251, 252]);
    const json = JSON.parse(JSON.stringify(paletteToJson(palette)));
    expect(json.colors).toEqual([[1, 2, 3], [250, 251, 252]]);
    expect(paletteFromJson(json).colors).toEqual(palette.colors);
  });

  it.each([
    [null, 'not a JSON object'],
    [{ type: 'x', version: 1, colors: [[0, 0, 0]] }, 'type is "x"'],
    [{ type: 'ftheta-palette', version: 2, colors: [[0, 0, 0]] }, 'version is 2'],
    [{ type: 'ftheta-palette', version: 1 }, 'colors must be an array'],
    [{ type: 'ftheta-palette', version: 1, colors: [] }, 'colors is empty'],
    [{ type: 'ftheta-palette', version: 1, colors: [[0, 0, 0], [1, 2]] }, 'colors[1] is [1,2]'],
    [{ type: 'ftheta-palette', version: 1, colors: [[0, 0, 0], [1, 300, 2]] }, 'colors[1][1] is 300'],
    [{ type: 'ftheta-palette', version: 1, colors: [[0, 0.5, 0]] }, 'colors[0][1] is 0.5'],
  ])('rejects %j naming the field', (json, detail) => {
    const call = () => paletteFromJson(json, 'my.palette.json');
    expect(call).toThrow(TokenizerFormatError);
    expect(call).toThrow(`my.palette.json: ${detail}`);
  });
});
