import { expect, it } from 'vitest';
import { associativeRecall } from './associative-recall';
import { INDUCTION_TRIGGER, inductionHeads } from './induction-heads';
import { SELECTIVE_COPY_MARKER, SELECTIVE_COPY_NOISE, selectiveCopying } from './selective-copying';

const rows = (b: { batchSize: number; seqLen: number }, a: Int32Array | Float32Array) =>
  Array.from({ length: b.batchSize }, (_, r) => Array.from(a.subarray(r * b.seqLen, (r + 1) * b.seqLen)));

it('induction heads: one trigger early, the trigger last, the answer is what followed the first', () => {
  const b = inductionHeads({ seqLen: 32, vocabSize: 16, batchSize: 50, seed: 1 }).next();
  const ins = rows(b, b.inputs);
  const tgs = rows(b, b.targets);
  const masks = rows(b, b.mask!);
  const firstAt = new Set<number>();
  ins.forEach((row, r) => {
    const triggers = row.flatMap((t, i) => (t === INDUCTION_TRIGGER ? [i] : []));
    expect(triggers.length).toBe(2);
    expect(triggers[1]).toBe(31);
    firstAt.add(triggers[0]!);
    expect(tgs[r]![31]).toBe(row[triggers[0]! + 1]);
    expect(masks[r]!.reduce((a, x) => a + x, 0)).toBe(1);
    expect(masks[r]![31]).toBe(1);
    expect(Math.max(...row)).toBeLessThan(16);
  });
  expect(firstAt.size).toBeGreaterThan(10); // the first trigger moves around
  expect(() => inductionHeads({ seqLen: 3, vocabSize: 16, batchSize: 1, seed: 0 })).toThrow('inductionHeads: seqLen must be ≥ 4, got 3');
});

it('selective copying: data tokens in order among noise, one marker per token, answers at the markers', () => {
  const b = selectiveCopying({ regionLength: 40, tokens: 6, vocabSize: 16, batchSize: 20, seed: 2 }).next();
  expect(b.seqLen).toBe(46);
  rows(b, b.inputs).forEach((row, r) => {
    const data = row.slice(0, 40).filter((t) => t !== SELECTIVE_COPY_NOISE);
    expect(data.length).toBe(6);
    expect(data.every((t) => t >= 2 && t < 16)).toBe(true);
    expect(row.slice(40)).toEqual(Array(6).fill(SELECTIVE_COPY_MARKER));
    expect(rows(b, b.targets)[r]!.slice(40)).toEqual(data);
    expect(rows(b, b.mask!)[r]).toEqual([...Array(40).fill(0), ...Array(6).fill(1)]);
  });
  expect(() => selectiveCopying({ regionLength: 4, tokens: 5, vocabSize: 16, batchSize: 1, seed: 0 })).toThrow('selectiveCopying: tokens 5 do not fit in regionLength 4');
});

it('associative recall: distinct keys with values, each key asked once later, answer = its value', () => {
  const b = associativeRecall({ seqLen: 64, pairs: 8, vocabSize: 64, batchSize: 20, seed: 3 }).next();
  const tgs = rows(b, b.targets);
  rows(b, b.inputs).forEach((row, r) => {
    const kv = new Map<number, number>();
    for (let i = 0; i < 8; i++) kv.set(row[2 * i]!, row[2 * i + 1]!);
    expect(kv.size).toBe(8);
    for (const [k, v] of kv) {
      expect(k).toBeGreaterThanOrEqual(1);
      expect(k).toBeLessThan(32);
      expect(v).toBeGreaterThanOrEqual(32);
    }
    const asked = rows(b, b.mask!)[r]!.flatMap((m, i) => (m ? [i] : []));
    expect(asked.length).toBe(8);
    expect(new Set(asked.map((i) => row[i]))).toEqual(new Set(kv.keys()));
    for (const i of asked) {
      expect(i).toBeGreaterThanOrEqual(16);
      expect(tgs[r]![i]).toBe(kv.get(row[i]!));
    }
  });
  expect(() => associativeRecall({ seqLen: 64, pairs: 40, vocabSize: 64, batchSize: 1, seed: 0 })).toThrow(/has 31 keys, fewer than pairs 40/);
});

it('every task is seeded and resumes from its state', () => {
  for (const make of [
    () => inductionHeads({ seqLen: 16, vocabSize: 16, batchSize: 4, seed: 9 }),
    () => selectiveCopying({ regionLength: 16, tokens: 4, vocabSize: 16, batchSize: 4, seed: 9 }),
    () => associativeRecall({ seqLen: 32, pairs: 4, vocabSize: 32, batchSize: 4, seed: 9 }),
  ]) {
    const a = make();
    a.next();
    const state = JSON.parse(JSON.stringify(a.state()));
    const second = a.next();
    const b = make();
    b.restore(state);
    expect(Array.from(b.next().inputs)).toEqual(Array.from(second.inputs));
    expect(Array.from(make().next().inputs)).not.toEqual(Array.from(second.inputs));
  }
});
