import type { KernelFix } from './kernels/kernel-fixes';

/** A tensor backend ftheta can run on. */
export type BackendName = 'wasm' | 'webgl' | 'cpu';

/** What `initBackend` started and what it can do. */
export interface BackendInfo {
  /** The active tfjs backend. */
  name: BackendName;
  /** 'node' or 'browser' (a worker counts as browser). */
  environment: 'node' | 'browser';
  /** wasm: the SIMD build is running. false for webgl and cpu. */
  simd: boolean;
  /** wasm: number of threads (1 when single-threaded). 1 for webgl and cpu. */
  threads: number;
  /** webgl: WebGL version (1 or 2); null elsewhere. */
  webglVersion: number | null;
  /** webgl: the renderer the browser reports (e.g. "ANGLE (…SwiftShader…)"); null elsewhere. */
  webglRenderer: string | null;
  /** webgl: can render to float32 textures (needed for training in float32); null elsewhere. */
  float32Render: boolean | null;
  /** Version of @tensorflow/tfjs-core. */
  tfjsVersion: string;
  /** ftheta kernels active on this backend (missing ones filled, slow ones replaced). */
  kernels: KernelFix[];
  /** Why this backend and not the preferred one, and anything else the user should know. */
  warnings: string[];
}
