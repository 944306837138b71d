import { expect, it } from 'vitest';
import { interruptSignal } from './interrupt-signal';

it('interruptSignal aborts on SIGINT and removes its handlers on dispose', () => {
  const listeners = process.listenerCount('SIGINT');
  const seen: string[] = [];
  const { signal, dispose } = interruptSignal((s) => seen.push(s));
  process.emit('SIGINT');
  expect(signal.aborted).toBe(true);
  expect(seen).toEqual(['SIGINT']);
  dispose();
  expect(process.listenerCount('SIGINT')).toBe(listeners);
});
