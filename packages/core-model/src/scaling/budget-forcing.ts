/**
 * Budget forcing (s1) for one sequence, as a SequenceController over generate()'s sampler:
 * - while fewer than `minTokens` thinking tokens exist, the end-of-thinking marker (or an end
 *   token) is never emitted: when the sampler picks it ("the model tries to stop thinking"), the
 *   tokens of waitText are appended instead, and counted as thinking. For greedy decoding this is
 *   exactly "ban the marker, append Wait when it was the top choice"; when sampling, Wait is
 *   appended with the probability the model gives to ending;
 * - on reaching `maxTokens`, the end marker and the answer prefix are force-fed (anything still
 *   queued, such as the rest of a "Wait", is dropped).
 */
import type { ThinkingReport } from '../generate/events';
import type { SequenceController } from '../generate/sequence-controller';
import type { ResolvedThinking } from './thinking-options';

type Phase = 'before' | 'thinking' | 'answer';

export class BudgetForcing implements SequenceController {
  private phase: Phase = 'thinking';
  private startLeft = 0;
  private tokens = 0;
  private waits = 0;
  private forcedEnd = false;

  constructor(
    private readonly t: ResolvedThinking,
    private readonly endTokens: ReadonlySet<number>,
  ) {}

  start(promptIds: readonly number[]): number[] {
    const start = this.t.startIds;
    if (start && !opensThinking(promptIds, start, this.t.endId)) {
      this.phase = 'before';
      this.startLeft = start.length;
      return this.t.maxTokens === 0 ? [...start, ...this.forceEnd()] : [...start];
    }
    return this.t.maxTokens === 0 ? this.forceEnd() : [];
  }

  review(id: number): number[] | null {
    if (this.phase !== 'thinking' || this.tokens >= this.t.minTokens) return null;
    if (id !== this.t.endId && !this.endTokens.has(id)) return null;
    this.waits++;
    return [...this.t.waitIds];
  }

  accept(id: number): number[] | null {
    if (this.phase === 'before') {
      if (--this.startLeft === 0) this.phase = 'thinking';
      return null;
    }
    if (this.phase !== 'thinking') return null;
    if (id === this.t.endId) {
      this.phase = 'answer';
      return null;
    }
    if (this.endTokens.has(id)) return null; // the sequence ends here; an end token is not thinking
    this.tokens++;
    return this.tokens >= this.t.maxTokens ? this.forceEnd() : null;
  }

  report(): ThinkingReport {
    return { tokens: this.tokens, waits: this.waits, forcedEnd: this.forcedEnd, ended: this.phase === 'answer' };
  }

  private forceEnd(): number[] {
    this.forcedEnd = true;
    return [this.t.endId, ...this.t.answerIds];
  }
}

/** Whether `ids` contain `start` with no end marker after its last occurrence. */
function opensThinking(ids: readonly number[], start: readonly number[], endId: number): boolean {
  for (let i = ids.length - start.length; i >= 0; i--) {
    if (start.every((id, k) => ids[i + k] === id)) return !ids.slice(i + start.length).includes(endId);
  }
  return false;
}
