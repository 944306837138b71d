/** The long help of `ftheta merge`: every method and parameter (from @ftheta/merging's table) and an example recipe. */
import { METHOD_SPECS, type ParameterDef } from '@ftheta/merging';

/** An example recipe (TIES over two fine-tunes, with a per-tensor filter). */
export const EXAMPLE_RECIPE = `merge_method: ties
base_model: ./gpt2-base            # checkpoint directories, relative to this file
models:
  - model: ./gpt2-math
    parameters: {weight: 1.0, density: 0.5}
  - model: ./gpt2-base+./code-lora  # a LoRA adapter, merged into its base first
    parameters:
      weight: 0.7
      density: [{filter: attn, value: 0.3}, {value: 0.6}]   # first matching filter wins
parameters: {lambda: 1.0, normalize: true}
dtype: float32
tokenizer_source: base`;

function describeParameter(p: ParameterDef): string {
  const scope = p.scope === 'model' ? 'per model (or global)' : 'global';
  const dflt = p.required ? 'required' : `default ${p.default}`;
  const range = p.range && p.range.text !== 'a finite number' ? `, ${p.range.text}` : '';
  return `      ${p.name.padEnd(12)}${scope}, ${dflt}${range}: ${p.doc}${p.noEffect ? ` (accepted, no effect: ${p.noEffect})` : ''}`;
}

/** The text shown after the options in `ftheta merge --help`. */
export function mergeHelpText(): string {
  const methods = Object.values(METHOD_SPECS).map((m) =>
    [`  ${m.name}${m.needsBase ? '' : ' (base_model optional)'}: ${m.summary}`, `      paper: ${m.paper}`, ...m.parameters.map(describeParameter)].join('\n'),
  );
  return [
    '',
    'The recipe is mergekit YAML: merge_method, base_model, models (model + parameters), parameters,',
    'dtype (float32 only), tokenizer_source (base only). A parameter is a number/boolean or a filter list',
    '[{filter: NAME_PART, value: V}, {value: DEFAULT}] picked by tensor name. Unknown keys are refused.',
    'Models are checkpoint directories (config.json + model.safetensors [+ tokenizer.json]) sharing tensor',
    'names and shapes, or BASE_DIR+ADAPTER_DIR for a PEFT LoRA adapter. Tensors stream one at a time, so',
    'checkpoints larger than memory merge. The output gets config.json and tokenizer.json from base_model',
    '(the first model without one) and the recipe in model.safetensors metadata (mergekit_recipe).',
    '',
    'Methods and parameters (mergekit names and meanings):',
    ...methods,
    '',
    'Example recipe:',
    ...EXAMPLE_RECIPE.split('\n').map((l) => `  ${l}`),
    '',
    'Examples:',
    '  $ ftheta merge recipe.yml --out ./merged',
    '  $ ftheta merge dare.yml --out ./merged --seed 7',
    '',
    'Exit codes: 0 merged, 2 invalid recipe or options (the message names the key), 1 failure (unreadable or mismatched checkpoints).',
  ].join('\n');
}
