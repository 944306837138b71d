/**
 * An error as the reader sees it in a live demo: its name and message (what went wrong, in the
 * library's own words). No dependencies, so components import it statically.
 */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (typeof err === 'object' && err !== null && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

/**
 * Waits until the browser has painted, so a 'working…' state shows before a long synchronous step
 * (at most 50 ms: a hidden tab gets no animation frames).
 */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 50);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      setTimeout(resolve, 0);
    });
  });
}
