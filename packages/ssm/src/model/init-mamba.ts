/**
 * Fresh weights with Hugging Face's MambaPreTrainedModel._init_weights (transformers
 * src/transformers/models/mamba/modeling_mamba.py), deterministic for a seed. Net effect of HF's
 * init, which we follow (children's nn.Linear init runs first, the mixer's overrides it):
 *   - embeddings, in_proj.weight, x_proj.weight, an untied lm_head: N(0, initializer_range²)
 *   - dt_proj.weight: U(±time_step_rank^−0.5·time_step_scale) ("random") or that constant ("constant")
 *   - dt_proj.bias: softplus⁻¹(Δ), Δ = exp(U·(ln max − ln min) + ln min) clamped at time_step_floor
 *   - conv1d.weight: kaiming_uniform(a=√5) = U(±1/√conv_kernel); conv1d.bias, in/out_proj biases: 0
 *   - out_proj.weight: kaiming_uniform(a=√5) = U(±1/√intermediate_size), divided by √num_hidden_layers
 *     when rescale_prenorm_residual (our default true, as state-spaces and the reference)
 *   - A_log[d, n] = ln(n+1) (S4D-real), D = 1, RMSNorm weights 1
 * Each parameter draws from its own mulberry32 stream, SeededRandom(deriveSeed(seed, index)).
 */
import { deriveSeed, ParamStore, SeededRandom } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { type MambaConfig, mambaParameterShapes } from '../config';
import { MambaModel, type MambaOptions } from './mamba-model';

/** Options of {@link initMamba}. */
export interface InitMambaOptions extends MambaOptions {
  /** PRNG seed (default 0): the same seed gives the same weights on every backend and machine. */
  seed?: number;
}

/** A MambaModel with HF's initialisation (see the file comment for each parameter). */
export function initMamba(config: MambaConfig, options: InitMambaOptions = {}): MambaModel {
  const { seed = 0, ...modelOptions } = options;
  if (!Number.isInteger(seed)) throw new Error(`initMamba: seed must be an integer, got ${seed}`);
  const c = config;
  const store = new ParamStore();
  try {
    mambaParameterShapes(c).forEach(({ name, shape, role }, index) => {
      const rng = new SeededRandom(deriveSeed(seed, index));
      const size = shape.reduce((a, b) => a * b, 1);
      const uniform = (bound: number) => Float32Array.from({ length: size }, () => (2 * rng.uniform() - 1) * bound);
      let v: Float32Array;
      switch (role) {
        case 'embedding':
        case 'in-proj':
        case 'x-proj':
        case 'lm-head':
          v = rng.normals(size, c.initializer_range);
          break;
        case 'norm-weight':
        case 'd':
          v = new Float32Array(size).fill(1);
          break;
        case 'bias':
        case 'conv-bias':
          v = new Float32Array(size);
          break;
        case 'conv-weight':
          v = uniform(1 / Math.sqrt(c.conv_kernel));
          break;
        case 'out-proj':
          v = uniform(1 / Math.sqrt(c.intermediate_size) / (c.rescale_prenorm_residual ? Math.sqrt(c.num_hidden_layers) : 1));
          break;
        case 'dt-proj-weight': {
          const std = c.time_step_rank ** -0.5 * c.time_step_scale;
          v = c.time_step_init_scheme === 'constant' ? new Float32Array(size).fill(std) : uniform(std);
          break;
        }
        case 'dt-proj-bias': {
          const lo = Math.log(c.time_step_min);
          const hi = Math.log(c.time_step_max);
          v = Float32Array.from({ length: size }, () => {
            const dt = Math.max(Math.exp(rng.uniform() * (hi - lo) + lo), c.time_step_floor);
            return dt + Math.log(-Math.expm1(-dt)); // softplus⁻¹(dt)
          });
          break;
        }
        case 'a-log':
          v = Float32Array.from({ length: size }, (_, i) => Math.log((i % c.state_size) + 1));
          break;
        default:
          throw new Error(`initMamba: no init for parameter "${name}" (role ${role satisfies never})`);
      }
      store.set(name, tf.tensor(v, shape, 'float32'));
    });
    return new MambaModel(config, store, modelOptions);
  } catch (err) {
    store.dispose();
    throw err;
  }
}
