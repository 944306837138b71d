/** A mixture of tasks: each batch comes from one source, picked at random by weight. */
import { type Batch, type BatchSource, type BatchSourceState, type JsonValue, checkSeed, checkState, stateInt } from './batch';
import { SeededRandom } from '../seeded-random';

/** One component of a {@link mixture}. */
export interface MixtureComponent {
  source: BatchSource;
  /** Relative weight (> 0); probabilities are the weights divided by their sum. */
  weight: number;
}

/** Options of {@link mixture}. */
export interface MixtureOptions {
  seed: number;
}

const KIND = 'mixture';

/**
 * A {@link BatchSource} that draws each batch from one of `components`, chosen with probability
 * proportional to its weight by a seeded generator. Its state holds the generator's state and
 * every component's state, so `restore` continues all of them exactly. Components may differ in
 * batch shape; a training loop that needs one shape should mix sources of the same shape.
 */
export function mixture(components: readonly MixtureComponent[], options: MixtureOptions): BatchSource {
  const seed = checkSeed('mixture: seed', options.seed);
  if (!Array.isArray(components) || components.length === 0) throw new RangeError('mixture: components is empty');
  const cumulative: number[] = [];
  let total = 0;
  components.forEach((c, i) => {
    if (typeof c.weight !== 'number' || !Number.isFinite(c.weight) || c.weight <= 0) {
      throw new RangeError(`mixture: components[${i}].weight must be a finite number > 0, got ${c.weight}`);
    }
    total += c.weight;
    cumulative.push(total);
  });
  const rng = new SeededRandom(seed);
  let step = 0;
  const fixed = { components: components.length };
  return {
    next(): Batch {
      const u = rng.next() * total;
      let k = cumulative.findIndex((c) => u < c);
      if (k < 0) k = components.length - 1;
      step++;
      return components[k]!.source.next();
    },
    state: (): BatchSourceState => ({
      kind: KIND,
      ...fixed,
      rng: rng.state,
      step,
      states: components.map((c) => c.source.state() as unknown as JsonValue),
    }),
    restore(state: BatchSourceState): void {
      checkState(KIND, state, fixed);
      const states = state.states;
      if (!Array.isArray(states) || states.length !== components.length) throw new TypeError(`mixture: state.states must be an array of ${components.length} states`);
      const rngState = stateInt(KIND, state, 'rng');
      const stepState = stateInt(KIND, state, 'step');
      components.forEach((c, i) => {
        c.source.restore(states[i] as unknown as BatchSourceState);
      });
      rng.state = rngState;
      step = stepState;
    },
  };
}
