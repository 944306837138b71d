import { initBackend } from '@ftheta/backend';
import { beforeAll, expect, it } from 'vitest';
import { mambaOf } from './models';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

const shape = { width: 16, transformerLayers: 1, heads: 2, vocab: 8, maxContext: 32, seed: 1 };

it('mambaOf: a time-step range sets the config and puts every initial Δ inside it', () => {
  const m = mambaOf(shape, { layers: 1 }, { min: 1e-4, max: 1e-2 });
  try {
    expect(m.model.config).toMatchObject({ time_step_min: 1e-4, time_step_max: 1e-2 });
    const bias = m.model.params.get('backbone.layers.0.mixer.dt_proj.bias').dataSync();
    for (const b of bias) {
      const dt = Math.log1p(Math.exp(b)); // softplus
      expect(dt).toBeGreaterThanOrEqual(1e-4 * 0.999);
      expect(dt).toBeLessThanOrEqual(1e-2 * 1.001);
    }
  } finally {
    m.model.dispose();
  }
});

it('mambaOf: without a range, the defaults (0.001..0.1)', () => {
  const m = mambaOf(shape, { layers: 1 });
  try {
    expect(m.model.config).toMatchObject({ time_step_min: 0.001, time_step_max: 0.1 });
  } finally {
    m.model.dispose();
  }
});
