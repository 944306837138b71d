/** The scan the model calls: chunked for several steps, sequential for one (decoding). */
import { type ChunkedScanOptions, chunkedScan } from './chunked-scan';
import type { ScanInputs, ScanResult } from './scan-inputs';
import { sequentialScan } from './sequential-scan';

/** Which scan to run: 'auto' (sequential for T = 1, chunked otherwise), 'chunked' or 'sequential'. */
export type ScanMode = 'auto' | 'chunked' | 'sequential';

/** Options of {@link selectiveScan}. */
export interface SelectiveScanOptions extends ChunkedScanOptions {
  /** Default 'auto'. */
  mode?: ScanMode;
}

/** Runs the selective scan of {@link ScanInputs} with the chosen implementation. */
export function selectiveScan(inputs: ScanInputs, options: SelectiveScanOptions = {}): ScanResult {
  const mode = options.mode ?? 'auto';
  if (mode === 'sequential' || (mode === 'auto' && inputs.x.shape[1] === 1)) return sequentialScan(inputs);
  if (mode === 'chunked' || mode === 'auto') return chunkedScan(inputs, options);
  throw new Error(`selectiveScan: mode "${mode}" must be 'auto', 'chunked' or 'sequential'`);
}
