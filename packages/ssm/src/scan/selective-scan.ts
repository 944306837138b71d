/** The scan the model calls: the fused kernels where the backend has them, else chunked (sequential for one step). */
import { type ChunkedScanOptions, chunkedScan } from './chunked-scan';
import { fusedScan, fusedScanAvailable } from './fused-scan';
import type { ScanInputs, ScanResult } from './scan-inputs';
import { sequentialScan } from './sequential-scan';

/**
 * Which scan to run: 'auto' (fused where the backend registers the kernels, i.e. wasm and cpu;
 * elsewhere sequential for T = 1 and chunked otherwise), 'fused', 'chunked' or 'sequential'.
 */
export type ScanMode = 'auto' | 'fused' | 'chunked' | 'sequential';

/** Options of {@link selectiveScan}. */
export interface SelectiveScanOptions extends ChunkedScanOptions {
  /** Default 'auto'. */
  mode?: ScanMode;
}

/**
 * Runs the selective scan of {@link ScanInputs} with the chosen implementation. A bad `chunkSize`
 * is refused whichever scan runs (it only matters to the chunked one).
 */
export function selectiveScan(inputs: ScanInputs, options: SelectiveScanOptions = {}): ScanResult {
  const mode = options.mode ?? 'auto';
  const chunk = options.chunkSize;
  if (chunk !== undefined && !(Number.isInteger(chunk) && chunk >= 1)) throw new Error(`selectiveScan: chunkSize must be a positive integer, got ${chunk}`);
  if (mode === 'fused' || (mode === 'auto' && fusedScanAvailable())) return fusedScan(inputs);
  if (mode === 'sequential' || (mode === 'auto' && inputs.x.shape[1] === 1)) return sequentialScan(inputs);
  if (mode === 'chunked' || mode === 'auto') return chunkedScan(inputs, options);
  throw new Error(`selectiveScan: mode "${mode}" must be 'auto', 'fused', 'chunked' or 'sequential'`);
}
