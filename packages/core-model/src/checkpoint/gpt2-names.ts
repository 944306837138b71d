/**
 * GPT-2 parameter names, as the reference (shared/refs/gpt_ref.py) and Hugging Face load them.
 *
 * Canonical names are HF GPT2LMHeadModel's (`transformer.wte.weight`, `transformer.h.0.attn.c_attn.weight`,
 * ..., `lm_head.weight`). Also accepted: the un-prefixed names of the original gpt2 checkpoint
 * (`wte.weight`, `h.0.attn.c_attn.weight`, ...), which gain the `transformer.` prefix. Dropped: the
 * causal-mask buffers `h.N.attn.bias` and `h.N.attn.masked_bias` (not parameters).
 *
 * `lm_head.weight` is kept when the config says the head is untied (`tie_word_embeddings: false`) or
 * when its values differ from wte's (the reference then uses it, whatever the config says);
 * otherwise it is a copy of the tied wte and is dropped. A config that says untied with no
 * `lm_head.weight` in the file is an error (rather than silently tying).
 */
import { CheckpointError } from './checkpoint-error';
import type { HostTensor } from './tensor-types';

const MASK_BUFFER = /(^|\.)h\.\d+\.attn\.(bias|masked_bias)$/;

/**
 * The canonical name of a GPT-2 checkpoint name, or null for a mask buffer that is not a parameter.
 * (Names that are not GPT-2's come back prefixed too; {@link checkGpt2Shapes} reports them.)
 */
export function canonicalGpt2Name(name: string): string | null {
  if (MASK_BUFFER.test(name)) return null;
  if (name === 'lm_head.weight' || name.startsWith('transformer.')) return name;
  return `transformer.${name}`;
}

/**
 * `tensors` under canonical names, mask buffers dropped, and a tied `lm_head.weight` dropped (see
 * the file comment). Values are not copied.
 * @param tieWordEmbeddings The config's `tie_word_embeddings` (HF's default is true).
 * @throws CheckpointError naming `source` when a name appears both prefixed and un-prefixed, or the
 *   config says untied and there is no `lm_head.weight`.
 */
export function canonicalGpt2Tensors<T extends HostTensor>(tensors: ReadonlyMap<string, T>, tieWordEmbeddings = true, source = 'model.safetensors'): Map<string, T> {
  const out = new Map<string, T>();
  const from = new Map<string, string>();
  for (const [name, t] of tensors) {
    const canonical = canonicalGpt2Name(name);
    if (canonical === null) continue;
    if (out.has(canonical)) throw new CheckpointError(source, `tensor "${canonical}" is given twice (as "${from.get(canonical)}" and as "${name}")`);
    out.set(canonical, t);
    from.set(canonical, name);
  }
  const head = out.get('lm_head.weight');
  if (tieWordEmbeddings === false && !head) {
    throw new CheckpointError(source, 'config.json says tie_word_embeddings: false, but there is no "lm_head.weight"');
  }
  if (head && tieWordEmbeddings !== false) {
    const wte = out.get('transformer.wte.weight');
    if (wte && sameValues(head, wte)) out.delete('lm_head.weight');
  }
  return out;
}

function sameValues(a: HostTensor, b: HostTensor): boolean {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i]) || a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false; // as numpy.array_equal: NaN differs, -0 equals 0
  return true;
}
