/**
 * @ftheta/backend: start a tensor backend (wasm SIMD, webgl, cpu), fill the kernels tfjs lacks,
 * replace the slow ones, and register gradients once.
 */
export type { BackendInfo, BackendName } from './backend-info';
export { backendInfo, initBackend, type InitBackendOptions } from './init-backend';
export { ensureGradients } from './register-gradients';
export { setKernelFixes, kernelFixesEnabled, type KernelFix } from './kernels/kernel-fixes';
export { causalConv1d } from './ops/causal-conv1d';
export { applyCausalMask, causalMask, causalMaskBias } from './ops/causal-mask';
export { isNode } from './environment';
export { mulberry32, seedOf } from './conformance/random';
export { adamwUpdate, type AdamWUpdateOptions, type AdamWUpdateResult } from './ops/adamw-update';
export { layerNorm } from './ops/layer-norm';
export { rmsNorm } from './ops/rms-norm';
export { gelu, type GeluApproximate } from './ops/gelu';
export { sumOfSquares } from './ops/sum-of-squares';
export { sparseSoftmaxCrossEntropy } from './ops/sparse-softmax-cross-entropy';
export { selectiveScan, selectiveScanIsFused, type SelectiveScanInputs, type SelectiveScanResult } from './ops/selective-scan';
export { checkSelectiveScanArgs } from './ops/selective-scan-args';
export { ensureFusedKernels } from './kernels/fused-kernels';
