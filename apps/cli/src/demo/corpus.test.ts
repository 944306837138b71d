import { expect, it } from 'vitest';
import { demoCorpus, inventFacts } from './corpus';

it('is seeded, holds out its evaluation prompts and gets the answers right', () => {
  const a = demoCorpus({ seed: 3, trainPerTask: 300, evalPerTask: 20 });
  expect(demoCorpus({ seed: 3, trainPerTask: 300, evalPerTask: 20 })).toEqual(a);
  expect(demoCorpus({ seed: 4, trainPerTask: 300, evalPerTask: 20 }).train).not.toEqual(a.train);
  const trainPrompts = new Set(a.train.map((e) => e.prompt));
  for (const e of a.eval) expect(trainPrompts.has(e.prompt)).toBe(e.task === 'facts');
  expect(a.eval.filter((e) => e.task === 'facts')).toHaveLength(20);
  for (const e of [...a.train, ...a.eval]) {
    if (e.task === 'addition') {
      const [x, y] = e.prompt.slice(0, -1).split('+').map(Number);
      expect(Number(e.answer)).toBe(x! + y!);
    } else if (e.task === 'copy') expect(e.prompt).toBe(`copy ${e.answer}`);
    else if (e.task === 'reverse') expect(e.prompt).toBe(`reverse ${[...e.answer].reverse().join('')}`);
  }
});

it('invents 20 distinct facts', () => {
  const facts = inventFacts(1);
  expect(new Set(facts.flat()).size).toBe(40);
  for (const name of facts.flat()) expect(name).toMatch(/^[A-Z][a-z]{3,6}$/);
});
