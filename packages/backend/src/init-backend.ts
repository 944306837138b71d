/**
 * Starts a tensor backend and reports what it can do.
 *
 * Node: wasm with SIMD (threads are off: tfjs-backend-wasm 4.22 hard-codes one thread in Node).
 * Browser: webgl when a hardware GPU can render float32 textures, else wasm (threads when
 * crossOriginIsolated).
 * cpu is only ever a fallback, and always with a warning that says why.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as wasmBackend from '@tensorflow/tfjs-backend-wasm';
import type { BackendInfo, BackendName } from './backend-info';
import { isNode } from './environment';
import { describeKernelFixes, installKernelFixes } from './kernels/kernel-fixes';
import { ensureGradients } from './register-gradients';
import { startBackend } from './start-backend';
import { isSoftwareRenderer, webglRenderer } from './webgl-renderer';

export interface InitBackendOptions {
  /** Which backend to start. 'auto' (default) picks the best one for this environment. */
  prefer?: 'auto' | BackendName;
  /**
   * wasm threads, in browsers with crossOriginIsolated (COOP/COEP headers). tfjs-backend-wasm 4.22
   * caps the pool at half the logical cores (max 8), so a 2-core machine runs 1 thread whatever is
   * asked. Ignored (with a warning) in Node, where the wasm backend has one thread.
   */
  threads?: number;
  /**
   * Browser only: where tfjs-backend-wasm's .wasm files are served, as a directory prefix ending in
   * '/' or a map from file name to URL (see `setWasmPaths` in tfjs-backend-wasm).
   */
  wasmPaths?: string | Record<string, string>;
  /** Called with each warning (default: console.warn). */
  onWarning?: (message: string) => void;
}

const NAMES: readonly BackendName[] = ['wasm', 'webgl', 'cpu'];

async function webglCanTrain(auto: boolean): Promise<{ ok: boolean; why?: string }> {
  if (auto) {
    const renderer = webglRenderer();
    if (isSoftwareRenderer(renderer)) {
      return { ok: false, why: `webgl runs on a software renderer (${renderer}), slower than wasm SIMD` };
    }
  }
  const error = await startBackend('webgl');
  if (error) return { ok: false, why: `webgl failed to start: ${error}` };
  if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE')) {
    return { ok: false, why: 'webgl cannot render float32 textures' };
  }
  return { ok: true };
}

function validate(options: InitBackendOptions): void {
  const { prefer, threads } = options;
  if (prefer !== undefined && prefer !== 'auto' && !NAMES.includes(prefer)) {
    throw new Error(`initBackend: prefer must be 'auto', 'wasm', 'webgl' or 'cpu', got ${JSON.stringify(prefer)}`);
  }
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new Error(`initBackend: threads must be a positive integer, got ${threads}`);
  }
}

/** Starts the preferred backend (see {@link InitBackendOptions}) and returns {@link BackendInfo}. */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  validate(options);
  ensureGradients();
  const node = isNode();
  const prefer = options.prefer ?? 'auto';
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    (options.onWarning ?? console.warn)(`@ftheta/backend: ${message}`);
  };

  if (!node && options.wasmPaths !== undefined) wasmBackend.setWasmPaths(options.wasmPaths as string);
  if (options.threads !== undefined) {
    if (node) warn(`threads=${options.threads} ignored: tfjs-backend-wasm runs one thread in Node`);
    else wasmBackend.setThreadsCount(options.threads);
  }
  if (node && prefer === 'webgl') {
    throw new Error("initBackend: 'webgl' needs a browser; in Node use 'wasm' (default) or 'cpu'");
  }

  let chosen: BackendName;
  if (prefer === 'cpu') {
    const error = await startBackend('cpu');
    if (error) throw new Error(`initBackend: cpu backend failed to start: ${error}`);
    chosen = 'cpu';
  } else if (prefer === 'wasm' || prefer === 'webgl') {
    // An explicit choice is honoured or fails loudly; it never falls back in silence.
    const error = prefer === 'webgl' ? (await webglCanTrain(false)).why ?? null : await startBackend('wasm');
    if (error) throw new Error(`initBackend: ${prefer} backend failed to start: ${error}`);
    chosen = prefer;
  } else {
    const order: BackendName[] = node ? ['wasm'] : ['webgl', 'wasm'];
    let started: BackendName | null = null;
    for (const name of order) {
      const why = name === 'webgl' ? (await webglCanTrain(true)).why : await startBackend(name);
      if (!why) {
        started = name;
        break;
      }
      if (name === 'webgl') warnings.push(`${why}; using wasm`);
      else warn(`${name} backend failed to start (${why}); falling back to cpu, which is 10-50x slower`);
    }
    if (started === null) {
      const error = await startBackend('cpu');
      if (error) throw new Error(`initBackend: no backend could start (cpu: ${error})`);
      started = 'cpu';
    }
    chosen = started;
  }

  installKernelFixes(chosen);
  return backendInfo(warnings);
}

/** Describes the active backend (after {@link initBackend}). */
export async function backendInfo(warnings: string[] = []): Promise<BackendInfo> {
  const name = tf.getBackend() as BackendName;
  const isWasm = name === 'wasm';
  const isWebgl = name === 'webgl';
  return {
    name,
    environment: isNode() ? 'node' : 'browser',
    simd: isWasm ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : false,
    threads: isWasm ? wasmBackend.getThreadsCount() : 1,
    webglVersion: isWebgl ? tf.env().getNumber('WEBGL_VERSION') : null,
    webglRenderer: isWebgl ? webglRenderer() : null,
    float32Render: isWebgl ? tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE') : null,
    tfjsVersion: tf.version_core,
    kernels: describeKernelFixes(name),
    warnings,
  };
}
