/**
 * The inputs and outputs of Mamba's selective scan, shared by the sequential, chunked and fused
 * scans: @ftheta/backend's types and checks (its fused kernel takes exactly these), named for ssm.
 *
 *   h_t[d,n] = exp(Δ_t[d]·A[d,n]) · h_{t-1}[d,n] + Δ_t[d]·B_t[n]·x_t[d]     (ZOH for A, Euler for B)
 *   y_t[d]   = Σ_n C_t[n]·h_t[d,n] + D[d]·x_t[d]
 */
import { checkSelectiveScanArgs, type SelectiveScanInputs, type SelectiveScanResult } from '@ftheta/backend';

/** x, Δ (after softplus), A (< 0), B, C, optional D and h_0: see @ftheta/backend's SelectiveScanInputs. */
export type ScanInputs = SelectiveScanInputs;

/** y [B, T, d_inner] and h_T [B, d_inner, N]; the caller owns (and disposes) both tensors. */
export type ScanResult = SelectiveScanResult;

/** Checks dtypes, ranks and shapes; errors name the scan, the argument, its shape and the expected one. */
export function checkScanInputs(where: string, s: ScanInputs): void {
  checkSelectiveScanArgs(where, s);
}
