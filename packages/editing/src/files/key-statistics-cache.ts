/**
 * Node only: C (the key second moment) cached on disk per model, layer and text — computing it
 * runs the model over tens of thousands of tokens, and every edit of that layer reuses it (ROME
 * keeps such statistics per model too). One safetensors file per entry, written atomically; its
 * name carries a fingerprint of everything C depends on.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transformer } from '@ftheta/core-model';
import { parseSafetensors, serializeSafetensors, writeFilesAtomically } from '@ftheta/core-model/node';
import type { TokenArray } from '@ftheta/trainer';
import { type KeyStatistics, type KeyStatisticsOptions, keyStatistics } from '../rome/key-statistics';

/** Options of {@link cachedKeyStatistics}. */
export interface KeyStatisticsCacheOptions extends KeyStatisticsOptions {
  /** The cache directory (created if needed). */
  cacheDir: string;
  /**
   * What identifies the model's weights, e.g. the sha256 of its model.safetensors (see
   * {@link fileFingerprint}). The text's fingerprint is taken from `tokens` itself.
   */
  modelFingerprint: string;
  /** Told whether the statistics were read or computed (and where). */
  onInfo?: (message: string) => void;
}

/** sha256 (hex) of a file's bytes. */
export async function fileFingerprint(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** C of `options.layer`: read from the cache when there, else computed and written. */
export async function cachedKeyStatistics(model: Transformer, tokens: TokenArray, options: KeyStatisticsCacheOptions): Promise<KeyStatistics> {
  const positions = options.positions ?? 20_000;
  const window = options.window ?? model.config.n_positions;
  const text = createHash('sha256').update(new Uint8Array(tokens.buffer, tokens.byteOffset, tokens.byteLength)).digest('hex');
  const key = createHash('sha256').update(JSON.stringify({ model: options.modelFingerprint, text, layer: options.layer, positions, window })).digest('hex').slice(0, 16);
  const file = path.join(options.cacheDir, `mom2-layer${options.layer}-${key}.safetensors`);
  try {
    const parsed = parseSafetensors(new Uint8Array(await readFile(file)), file);
    const t = parsed.tensors.get('mom2');
    const count = Number(parsed.metadata.count);
    if (t?.shape.length !== 2 || t.shape[0] !== t.shape[1] || !(count > 0)) throw new Error(`${file}: not a key-statistics file (no square "mom2" tensor or no count)`);
    options.onInfo?.(`key statistics of layer ${options.layer}: read ${file}`);
    return { layer: options.layer, dim: t.shape[0]!, count, mom2: Float64Array.from(t.data) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const computed = keyStatistics(model, tokens, { ...options, positions, window });
  // Stored as float32: round now too, so the first run and every cached run edit identically.
  const stats = { ...computed, mom2: Float64Array.from(Float32Array.from(computed.mom2)) };
  await mkdir(options.cacheDir, { recursive: true });
  const bytes = serializeSafetensors([['mom2', { shape: [stats.dim, stats.dim], data: Float32Array.from(stats.mom2) }]], { format: 'ftheta-key-statistics', layer: String(stats.layer), count: String(stats.count) }, file);
  await writeFilesAtomically(options.cacheDir, [{ name: path.basename(file), data: bytes }]);
  options.onInfo?.(`key statistics of layer ${options.layer}: ${stats.count} positions, cached in ${file}`);
  return stats;
}
