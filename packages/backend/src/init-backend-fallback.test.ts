import { describe, expect, it, vi } from 'vitest';
import type { BackendName } from './backend-info';
import { initBackend } from './init-backend';

// A wasm backend that cannot start (say its .wasm file is missing).
vi.mock('./start-backend', async (importActual) => {
  const actual = await importActual<typeof import('./start-backend')>();
  return {
    startBackend: async (name: BackendName) =>
      name === 'wasm' ? 'simulated: wasm binary not found' : actual.startBackend(name),
  };
});

describe('initBackend when wasm cannot start', () => {
  it("'auto' falls back to cpu with a warning that says why", async () => {
    const warnings: string[] = [];
    const info = await initBackend({ onWarning: (w) => warnings.push(w) });
    expect(info.name).toBe('cpu');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/wasm backend failed to start \(simulated: wasm binary not found\); falling back to cpu/);
    expect(info.warnings).toEqual([warnings[0].replace('@ftheta/backend: ', '')]);
  });

  it("an explicit 'wasm' throws instead of falling back", async () => {
    await expect(initBackend({ prefer: 'wasm' })).rejects.toThrow(/wasm backend failed to start: simulated/);
  });
});
