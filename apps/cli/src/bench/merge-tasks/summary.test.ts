import { expect, it } from 'vitest';
import { mergeTasksSummary, retained } from './summary';

const fineTunes = [
  { name: 'A', task: 'addition', accuracy: 0.8 },
  { name: 'B', task: 'reverse', accuracy: 0.5 },
];

it('retained = merged accuracy on a fine-tune\'s own task / the fine-tune\'s accuracy there (null when it scored 0)', () => {
  expect(retained({ label: 'x', accuracy: { addition: 0.4, reverse: 0.5 } }, fineTunes)).toEqual([0.5, 1]);
  expect(retained({ label: 'x', accuracy: { addition: 0.4 } }, [...fineTunes, { name: 'C', task: 'copy', accuracy: 0 }])).toEqual([0.5, 0, null]);
});

it('names the merge whose worse ratio is highest and says whether it meets the 90% goal', () => {
  const rows = [
    { label: 'linear', accuracy: { addition: 0.4, reverse: 0.45, copy: 1, facts: 0.5 } },
    { label: 'ties', accuracy: { addition: 0.76, reverse: 0.46, copy: 0.9, facts: 0.7 } },
    { label: 'slerp', accuracy: { addition: 0.8, reverse: 0.1, copy: 1, facts: 1 } },
  ];
  const s = mergeTasksSummary(rows, fineTunes, ['copy', 'facts'], { copy: 1, facts: 0.9 }, { maxAbsDiff: 1e-7, fthetaMs: 10, numpyMs: 40 });
  expect(Object.keys(s)[0]).toBe('goal');
  expect(s.best?.merge).toBe('ties');
  expect(s.best?.minRetained).toBe(0.92);
  expect(s.goal.met).toBe(true);
  expect(s.retainedByMerge.linear).toEqual({ 'A:addition': 0.5, 'B:reverse': 0.9 });
  expect(s.baseTasks).toEqual({ tasks: ['copy', 'facts'], baseModelMean: 0.95, bestMergeMean: 0.8 });
  expect(s.numpyReference).toEqual({ maxAbsDiff: 1e-7, fthetaMs: 10, numpyMs: 40, fthetaOverNumpyTime: 0.25 });
  expect(mergeTasksSummary(rows.slice(0, 1), fineTunes, [], {}, null).goal.met).toBe(false);
});
