/**
 * Stop strings, checked on decoded text as it streams, so a stop string split across tokens (or
 * across the bytes of one character) is still found. Text that could still turn out to start a
 * stop string is held back, so the stream never shows any part of the stop string; the text before
 * the earliest match is released, the stop string and everything after it are dropped.
 */
export class StopStringMatcher {
  private pending = '';
  private readonly longest: number;
  /** The stop string that matched, once one has. */
  matched: string | null = null;

  constructor(private readonly stops: readonly string[]) {
    this.longest = Math.max(0, ...stops.map((s) => s.length));
  }

  /** Adds decoded text; returns the text now safe to show. After a match, returns ''. */
  push(text: string): string {
    if (this.matched !== null) return '';
    if (this.stops.length === 0) return text;
    this.pending += text;
    let at = -1;
    for (const s of this.stops) {
      const i = this.pending.indexOf(s);
      if (i >= 0 && (at < 0 || i < at)) {
        at = i;
        this.matched = s;
      }
    }
    if (at >= 0) {
      const out = this.pending.slice(0, at);
      this.pending = '';
      return out;
    }
    const hold = this.heldBack();
    const out = this.pending.slice(0, this.pending.length - hold);
    this.pending = this.pending.slice(this.pending.length - hold);
    return out;
  }

  /** Ends the stream: releases what was held back (no stop string matched). */
  flush(): string {
    const out = this.matched === null ? this.pending : '';
    this.pending = '';
    return out;
  }

  /** Length of the longest suffix of the pending text that is a proper prefix of a stop string. */
  private heldBack(): number {
    const max = Math.min(this.pending.length, this.longest - 1);
    for (let n = max; n > 0; n--) {
      const tail = this.pending.slice(this.pending.length - n);
      if (this.stops.some((s) => s.startsWith(tail))) return n;
    }
    return 0;
  }
}
