/**
 * Test-only: a deterministic, English-like corpus with some non-ASCII text (accents, CJK, emoji),
 * digits, punctuation and varied whitespace, so BPE training sees many ties and multi-byte words.
 */
import { seededRandom } from '../../random';
const WORDS = (
  'the of and to in is was he for it with as his on be at by I had not are but from or have an they ' +
  'which one you were her all she there would their we him been has when who will more no if out so ' +
  'said what up its about into than them can only other new some could time these two may then do ' +
  'first any my now such like our over man me even most made after also did many before must through ' +
  'back years where much your way well down should because each just those people Mr how too little ' +
  'state good very make world still own see men work long get here between both life being under never ' +
  "day same another know while last might us great old year off come since against go came right used " +
  "take three café naïve résumé Zürich façade 日本語 東京 中文 😀 🚀 ça l'été don't it's we're you'll"
).split(' ');

/** `lines` lines of about `wordsPerLine` words; word frequencies follow a Zipf-like law. */
export function testCorpus(lines: number, seed = 1, wordsPerLine = 12): string[] {
  const next = seededRandom(seed);
  const out: string[] = [];
  for (let l = 0; l < lines; l++) {
    const words: string[] = [];
    const n = 1 + Math.floor(next() * wordsPerLine * 2);
    for (let w = 0; w < n; w++) {
      const i = Math.floor(WORDS.length * next() ** 2.5);
      let word = WORDS[i];
      if (next() < 0.08) word = word[0].toUpperCase() + word.slice(1);
      if (next() < 0.05) word += String(Math.floor(next() * 2000));
      words.push(word);
      const r = next();
      if (r < 0.06) words.push(',');
      else if (r < 0.08) words.push('.');
      else if (r < 0.09) words.push('  ');
    }
    out.push(`${words.join(' ').replace(/ ([,.])/g, '$1')}${next() < 0.1 ? '\n\n' : '\n'}`);
  }
  return out;
}
