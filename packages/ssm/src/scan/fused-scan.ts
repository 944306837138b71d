/**
 * The selective scan as @ftheta/backend's fused kernel pair (`selectiveScan`): one kernel forward,
 * one backward, on wasm (SIMD) and cpu; the sequential tfjs ops on other backends.
 */
import { selectiveScan as backendSelectiveScan, selectiveScanIsFused } from '@ftheta/backend';
import { checkScanInputs, type ScanInputs, type ScanResult } from './scan-inputs';

/** True when {@link fusedScan} runs as fused kernels on the active backend (wasm, cpu). */
export function fusedScanAvailable(): boolean {
  return selectiveScanIsFused();
}

/**
 * The same result as {@link sequentialScan} (to float rounding) in one kernel each way, with a
 * gradient w.r.t. every input; the backward pass keeps the state every 16 steps and recomputes
 * in between. Where the kernels are not registered (webgl), it is the sequential scan.
 * Returns new tensors; the inputs are left as they are.
 */
export function fusedScan(inputs: ScanInputs): ScanResult {
  checkScanInputs('fusedScan', inputs);
  return backendSelectiveScan(inputs);
}
