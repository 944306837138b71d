import { describe, expect, it } from 'vitest';
import { editCases } from '../metrics/edit-cases';
import { factBase, fillTemplate, objectOf, relationOf } from './fact-base';
import { factCorpus, factSentences, SENTENCE_START } from './fact-corpus';

describe('factBase', () => {
  it('is seeded, complete and has look-alike subjects', () => {
    const a = factBase({ seed: 3, subjects: 40 });
    expect(factBase({ seed: 3, subjects: 40 })).toEqual(a);
    expect(factBase({ seed: 4, subjects: 40 }).subjects).not.toEqual(a.subjects);
    expect(new Set(a.subjects).size).toBe(40);
    expect(a.facts).toHaveLength(40 * a.relations.length);
    for (const f of a.facts) expect(relationOf(a, f.relation).objects).toContain(f.object);
    const firsts = a.subjects.map((s) => s.split(' ')[0]);
    expect(new Set(firsts).size).toBeLessThan(30); // first names are shared
    for (const r of a.relations) expect(r.templates.every((t) => t.split('{}').length === 2)).toBe(true);
  });

  it('names bad options and templates', () => {
    expect(() => factBase({ subjects: 1 })).toThrow(/subjects must be an integer in \[2, 5000\], got 1/);
    expect(() => fillTemplate('no slot', 'X')).toThrow(/exactly one "\{\}"/);
    expect(() => relationOf(factBase({ subjects: 4 }), 'nope')).toThrow(/no relation "nope" \(known: born_in/);
  });
});

describe('factCorpus', () => {
  it('holds every fact in every template, each pass shuffled', () => {
    const base = factBase({ subjects: 6 });
    const sentences = factSentences(base);
    expect(sentences).toHaveLength(6 * 4 * 4);
    const text = factCorpus(base, 2);
    const lines = text.split(SENTENCE_START).slice(1);
    expect(lines).toHaveLength(2 * sentences.length);
    expect([...lines.slice(0, sentences.length)].sort()).toEqual([...sentences].sort());
    expect(lines.slice(0, sentences.length)).not.toEqual(lines.slice(sentences.length));
    const f = base.facts[0]!;
    expect(text).toContain(`${fillTemplate(relationOf(base, f.relation).templates[2]!, f.subject)} ${f.object}.`);
  });
});

describe('editCases', () => {
  it('builds CounterFact-style cases: a false target, paraphrases, neighbours with their own answers', () => {
    const base = factBase({ subjects: 60 });
    const cases = editCases(base, { count: 25, seed: 2 });
    expect(cases).toHaveLength(25);
    expect(new Set(cases.map((c) => c.request.subject)).size).toBe(25);
    const many = editCases(base, { count: 100, distinctSubjects: false });
    expect(new Set(many.map((c) => `${c.request.subject}/${c.relation}`)).size).toBe(100);
    expect(new Set(many.map((c) => c.request.subject)).size).toBeLessThan(100);
    for (const c of cases) {
      expect(c.request.target).not.toBe(c.targetTrue);
      expect(objectOf(base, c.request.subject, c.relation)).toBe(c.targetTrue);
      expect(relationOf(base, c.relation).objects).toContain(c.request.target);
      expect(c.paraphrases).toHaveLength(3);
      expect(c.neighbors.length).toBeGreaterThan(0);
      for (const n of c.neighbors) {
        expect(n.subject).not.toBe(c.request.subject);
        expect(n.prompt).toContain(n.subject);
        expect(objectOf(base, n.subject, c.relation)).toBe(n.answer);
      }
      expect(c.otherFacts.map((o) => o.relation).sort()).toEqual(base.relations.map((r) => r.id).filter((r) => r !== c.relation).sort());
    }
    // Look-alikes (same first name) come first among the neighbours.
    const withTwin = cases.find((c) => base.subjects.some((s) => s !== c.request.subject && s.split(' ')[0] === c.request.subject.split(' ')[0]))!;
    expect(withTwin.neighbors[0]!.subject.split(' ')[0]).toBe(withTwin.request.subject.split(' ')[0]);
    expect(editCases(base, { count: 5, include: (s) => s === base.subjects[0] }).every((c) => c.request.subject === base.subjects[0])).toBe(true);
  });
});
