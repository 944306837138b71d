import { expect, it } from 'vitest';
import { instructionCorpus } from './instruction-corpus';
import { inventFacts } from './invent-facts';

it('is seeded, holds out its evaluation prompts and gets the answers right', () => {
  const a = instructionCorpus({ seed: 3, trainPerTask: 300, evalPerTask: 20 });
  expect(instructionCorpus({ seed: 3, trainPerTask: 300, evalPerTask: 20 })).toEqual(a);
  expect(instructionCorpus({ seed: 4, trainPerTask: 300, evalPerTask: 20 }).train).not.toEqual(a.train);
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

it('keeps the corpus it always made (ftheta demo prints the same)', () => {
  const c = instructionCorpus({ seed: 1, trainPerTask: 50, evalPerTask: 4 });
  expect(c.train).toHaveLength(4 * 50 + 20 * 1);
  expect(c.eval.slice(0, 3).map((e) => `${e.prompt}${e.answer}`)).toMatchSnapshot();
  expect(c.train.slice(0, 4).map((e) => `${e.prompt}${e.answer}`)).toMatchSnapshot();
});

it('refuses a bad size, naming it', () => {
  expect(() => instructionCorpus({ evalPerTask: 0 })).toThrow(/evalPerTask .* got 0/);
  expect(() => instructionCorpus({ trainPerTask: 1.5 })).toThrow(/trainPerTask .* got 1.5/);
});

it('invents 20 distinct facts', () => {
  const facts = inventFacts(1);
  expect(new Set(facts.flat()).size).toBe(40);
  for (const name of facts.flat()) expect(name).toMatch(/^[A-Z][a-z]{3,6}$/);
});
