/**
 * The parameters a GPT-2 family checkpoint must hold, by Hugging Face GPT2LMHeadModel name, and the
 * check of a checkpoint's tensors against them. The names and shapes themselves come from
 * src/config (`parameterShapes`), so ftheta's options (RMSNorm, RoPE, SwiGLU, no biases) check too.
 * Linear layers use HF's Conv1D layout, weight [in, out].
 */
import { parameterShapes, parseTransformerConfig, type TransformerConfig } from '../config';
import { CheckpointError } from './checkpoint-error';
import { formatShape } from './tensor-types';

/**
 * Every parameter of a GPT-2 with `config`, canonical (`transformer.*`) name → shape, in HF's
 * state_dict order: wte [V,C], wpe [n_positions,C], per block ln_1, attn.c_attn [C,3C], attn.c_proj
 * [C,C], ln_2, mlp.c_fc [C,I], mlp.c_proj [I,C] (I = n_inner ?? 4C), ln_f, and `lm_head.weight`
 * [V,C] only when `tie_word_embeddings` is false.
 * @param config A TransformerConfig, or a raw config.json object (HF aliases and GPT-2 defaults
 *   apply; `model_type` may be left out).
 * @throws Error naming `source` and the field when the config is invalid.
 */
export function expectedGpt2Shapes(config: TransformerConfig | Record<string, unknown>, source = 'config.json'): Map<string, number[]> {
  const parsed = parseTransformerConfig({ model_type: 'gpt2', ...(config as Record<string, unknown>) }, source);
  return new Map(parameterShapes(parsed).map((p) => [p.name, p.shape]));
}

/**
 * Checks that `tensors` (canonical names) are exactly the parameters `expected` lists (see
 * {@link expectedGpt2Shapes}), with their shapes. An extra `lm_head.weight` of wte's shape is
 * accepted even when the config says tied (the reference uses such a head when it differs from wte).
 * @throws CheckpointError naming `source` and listing the missing, unexpected and misshapen tensors
 *   (each with the expected and actual shape).
 */
export function checkGpt2Shapes(tensors: ReadonlyMap<string, { shape: readonly number[] }>, expected: ReadonlyMap<string, readonly number[]>, source = 'model.safetensors'): void {
  const problems: string[] = [];
  const missing = [...expected.keys()].filter((name) => !tensors.has(name));
  if (missing.length) problems.push(`missing ${missing.length} tensor(s): ${list(missing)}`);
  const unexpected: string[] = [];
  for (const [name, t] of tensors) {
    let want = expected.get(name);
    if (!want && name === 'lm_head.weight') want = expected.get('transformer.wte.weight');
    if (!want) unexpected.push(name);
    else if (want.length !== t.shape.length || want.some((d, i) => d !== t.shape[i])) {
      problems.push(`tensor "${name}" has shape ${formatShape(t.shape)}, expected ${formatShape(want)}`);
    }
  }
  if (unexpected.length) problems.push(`unexpected ${unexpected.length} tensor(s): ${list(unexpected)}`);
  if (problems.length) throw new CheckpointError(source, `does not match config.json: ${problems.join('; ')}`);
}

function list(names: string[]): string {
  const shown = names.slice(0, 8).map((n) => `"${n}"`).join(', ');
  return names.length > 8 ? `${shown}, ... (${names.length - 8} more)` : shown;
}
