/**
 * Which parameters get weight decay. The usual rule (nanoGPT, minGPT, most LLM recipes): matrices
 * decay, vectors (biases, norm gains) do not: shrinking a LayerNorm gain or a bias towards 0 is not
 * regularisation, it changes what the layer computes. Embeddings are matrices and decay by default
 * (as in nanoGPT); some recipes exclude them, hence the option. Mamba's A_log is a matrix but not a
 * weight: it sets each state channel's decay rate, and shrinking it towards 0 makes every channel
 * decay alike (A → −1), so it never decays — the reference code marks it, and D, `_no_weight_decay`.
 */

/** Options of {@link shouldDecay}. */
export interface DecayGroupOptions {
  /** Decay embedding tables (`wte`, `wpe`, names with `embed`) too (default true, as nanoGPT). */
  decayEmbeddings?: boolean;
  /** Overrides the rule entirely: true = decay this parameter. */
  decay?: (name: string, shape: readonly number[]) => boolean;
}

const NORM = /(^|\.)(ln_[^.]*|[^.]*norm[^.]*)(\.|$)/i;
const EMBEDDING = /(^|\.)(wte|wpe|[^.]*embed[^.]*)(\.|$)/i;
const SSM_DYNAMICS = /(^|\.)(A_log|D)$/;

/** True when the parameter `name` of `shape` decays: rank ≥ 2, not a norm, bias or SSM A_log / D, embeddings per option. */
export function shouldDecay(name: string, shape: readonly number[], options: DecayGroupOptions = {}): boolean {
  if (options.decay) return options.decay(name, shape);
  if (shape.length < 2) return false;
  if (name.endsWith('.bias') || NORM.test(name) || SSM_DYNAMICS.test(name)) return false;
  if (EMBEDDING.test(name)) return options.decayEmbeddings ?? true;
  return true;
}
