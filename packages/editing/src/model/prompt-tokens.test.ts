import { BytePairTokenizer, trainBpe } from '@ftheta/tokenizer';
import { describe, expect, it } from 'vitest';
import { factBase } from '../facts/fact-base';
import { factCorpus } from '../facts/fact-corpus';
import { resolveRequest } from './edit-request';
import { promptAndTarget, promptIds, subjectLastToken, subjectTokens } from './prompt-tokens';

const base = factBase({ subjects: 30 });
const tokenizer = new BytePairTokenizer(trainBpe(factCorpus(base, 2).split('\n'), { vocabSize: 400 }));
const subject = base.subjects[0]!;

describe('prompt tokens', () => {
  it('finds the subject at the start and in the middle of a prompt, with and without a context', () => {
    for (const [prompt, context] of [
      [`${subject} was born in`, ''],
      [`The birthplace of ${subject} is`, ''],
      [`The birthplace of ${subject} is`, '\nSome earlier text plays the'],
    ] as const) {
      const ids = promptIds(tokenizer, prompt, context);
      const { start, end } = subjectTokens(tokenizer, prompt, subject, context);
      expect(tokenizer.decode(ids.slice(start, end)).trim()).toBe(subject);
      expect(subjectLastToken(tokenizer, prompt, subject, context)).toBe(end - 1);
      expect(tokenizer.decode(ids)).toBe(`${context}\n${prompt}`);
    }
  });

  it('splits prompt and target at the space, and names what does not fit', () => {
    const { prompt, target } = promptAndTarget(tokenizer, `${subject} plays the`, 'harp');
    expect(tokenizer.decode(target)).toBe(' harp');
    expect(tokenizer.decode([...prompt, ...target])).toBe(`\n${subject} plays the harp`);
    expect(() => subjectTokens(tokenizer, 'Nobody here', subject)).toThrow(/does not occur in the prompt/);
  });

  it('resolves requests: "{}" filled, fields checked by name', () => {
    expect(resolveRequest({ subject, prompt: '{} speaks', target: ' Kalish ' })).toEqual({ subject, prompt: `${subject} speaks`, target: 'Kalish' });
    expect(() => resolveRequest({ subject, prompt: 'X speaks', target: 'A' })).toThrow(/does not contain the subject/);
    expect(() => resolveRequest({ subject, prompt: '{} speaks', target: '' })).toThrow(/"target" must be a non-empty string, got ""/);
    expect(() => resolveRequest({ subject: 3, prompt: '{} speaks', target: 'A' } as never, 'edits.json: edit 2')).toThrow(/^edits.json: edit 2: "subject" must be/);
  });
});
