/**
 * Starts one tfjs backend by name; returns null on success or the reason it failed.
 * Kept apart from initBackend so tests can simulate a backend that fails to start.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './backend-info';

export async function startBackend(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name ? null : `tf.setBackend('${name}') returned false`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
