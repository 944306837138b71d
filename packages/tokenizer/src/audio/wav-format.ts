/** The parts of a WAV `fmt ` chunk that the reader and writer share. */

/** A decoded WAV file: its sample rate and one Float32Array of samples in [-1, 1] per channel. */
export interface WavAudio {
  sampleRate: number;
  /** Number of channels (= samples.length). */
  channels: number;
  /** Bits per stored sample (8, 16, 24, 32 or 64). */
  bitsPerSample: number;
  /** 'pcm': integers (8-bit unsigned, wider signed); 'float': IEEE floats. */
  encoding: 'pcm' | 'float';
  /** One array per channel, all the same length. */
  samples: Float32Array[];
}

export const WAVE_FORMAT_PCM = 1;
export const WAVE_FORMAT_IEEE_FLOAT = 3;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Bytes 2..15 shared by the KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT GUIDs (after the 2-byte code). */
export const SUBFORMAT_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Names of some format codes people meet, for error messages. */
export const FORMAT_NAMES: Record<number, string> = {
  2: 'Microsoft ADPCM',
  6: 'G.711 A-law',
  7: 'G.711 µ-law',
  17: 'IMA ADPCM',
  80: 'MPEG',
  85: 'MPEG layer 3',
};
