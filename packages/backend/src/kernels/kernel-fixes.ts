/**
 * ftheta's kernels, registered over (or beside) the stock tfjs kernels of a backend.
 *
 * `installKernelFixes` runs once per backend from `initBackend`. `setKernelFixes(false)` puts the
 * stock kernels back (and removes kernels tfjs lacks), so benchmarks and tests can compare both
 * paths in one process; `setKernelFixes(true)` restores ftheta's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeWasmBatchMatMulConfig } from './wasm-batch-matmul';
import { makeWasmGatherConfig } from './wasm-gather';
import { makeWasmSliceConfigs } from './wasm-slice';
import { wasmUnsortedSegmentSumConfig } from './wasm-unsorted-segment-sum';

/** What one fix does, for BackendInfo and the docs. */
export interface KernelFix {
  backend: string;
  kernel: string;
  why: 'missing' | 'slow';
}

interface Installed {
  fix: tf.KernelConfig;
  stock: tf.KernelConfig | undefined;
}

const installed = new Map<string, Installed[]>();
let enabled = true;

function stockLookup(backendName: string) {
  return (name: string): tf.KernelFunc => {
    const entry = installed.get(backendName)?.find((i) => i.fix.kernelName === name);
    const stock = entry?.stock ?? tf.getKernel(name, backendName);
    if (!stock) throw new Error(`no stock kernel ${name} for backend ${backendName}`);
    return stock.kernelFunc;
  };
}

function fixesFor(backendName: string): tf.KernelConfig[] {
  if (backendName !== 'wasm') return [];
  const stock = stockLookup('wasm');
  return [makeWasmBatchMatMulConfig(stock), ...makeWasmSliceConfigs(stock), makeWasmGatherConfig(stock), wasmUnsortedSegmentSumConfig];
}

function register(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, config.backendName)) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}

function unregister(kernelName: string, backendName: string): void {
  if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
}

/** Registers ftheta's kernels for `backendName` (once); returns what was installed. */
export function installKernelFixes(backendName: string): KernelFix[] {
  if (!installed.has(backendName)) {
    const list: Installed[] = [];
    for (const fix of fixesFor(backendName)) {
      const stock = tf.getKernel(fix.kernelName, backendName);
      list.push({ fix, stock: stock ? { ...stock } : undefined });
      if (enabled) register(fix);
    }
    installed.set(backendName, list);
  }
  return describeKernelFixes(backendName);
}

export function describeKernelFixes(backendName: string): KernelFix[] {
  if (!enabled) return [];
  return (installed.get(backendName) ?? []).map(({ fix, stock }) => ({
    backend: backendName,
    kernel: fix.kernelName,
    why: stock ? 'slow' : 'missing',
  }));
}

/** Switch between ftheta's kernels (true, the default) and stock tfjs (false) on every backend. */
export function setKernelFixes(on: boolean): void {
  if (on === enabled) return;
  enabled = on;
  for (const [backendName, list] of installed) {
    for (const { fix, stock } of list) {
      if (on) register(fix);
      else if (stock) register(stock);
      else unregister(fix.kernelName, backendName);
    }
  }
}

export function kernelFixesEnabled(): boolean {
  return enabled;
}
