/** Checks a Mamba checkpoint's tensors against its config on the host (no backend, no model built), for `ftheta info`. */
import type { HostTensor } from '@ftheta/core-model';
import { type MambaConfig, mambaParameterShapes } from '@ftheta/ssm';

/**
 * The config the model would have: as `mambaFromWeights` does, an `lm_head.weight` in a tied
 * checkpoint that differs from the embeddings unties the head. Every tensor the config needs must
 * be there with its shape (the legacy `backbone.embedding.weight` counts as the embeddings), and no other.
 * @throws Error naming `file` and the tensor missing, unexpected or of the wrong shape.
 */
export function checkMambaTensors(config: MambaConfig, tensors: ReadonlyMap<string, HostTensor>, file: string): MambaConfig {
  const byName = new Map(tensors);
  const legacy = byName.get('backbone.embedding.weight');
  if (legacy && !byName.has('backbone.embeddings.weight')) {
    byName.delete('backbone.embedding.weight');
    byName.set('backbone.embeddings.weight', legacy);
  }
  const head = byName.get('lm_head.weight');
  if (config.tie_word_embeddings && head) {
    const emb = byName.get('backbone.embeddings.weight');
    if (emb && sameValues(head.data, emb.data)) byName.delete('lm_head.weight');
    else config = { ...config, tie_word_embeddings: false };
  }
  const specs = mambaParameterShapes(config);
  for (const { name, shape } of specs) {
    const t = byName.get(name);
    if (!t) throw new Error(`${file}: tensor "${name}" [${shape.join(', ')}] is missing`);
    if (t.shape.join(',') !== shape.join(',')) throw new Error(`${file}: tensor "${name}" has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
  const wanted = new Set(specs.map((s) => s.name));
  for (const name of byName.keys()) if (!wanted.has(name)) throw new Error(`${file}: unexpected tensor "${name}" for this config`);
  return config;
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
