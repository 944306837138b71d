/**
 * Node only: Ctrl-C as an AbortSignal for {@link train}. The first SIGINT (or SIGTERM) aborts, so
 * the loop finishes its step, saves and returns; a second one exits at once (code 130).
 */

/** A signal that aborts on the first SIGINT/SIGTERM, and `dispose()` to remove the handlers. */
export function interruptSignal(onInterrupt?: (signal: NodeJS.Signals) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const on = (sig: NodeJS.Signals) => () => {
    if (controller.signal.aborted) process.exit(130);
    onInterrupt?.(sig);
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  const onInt = on('SIGINT');
  const onTerm = on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
