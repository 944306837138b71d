/** The instruction corpus's fact base: invented countries and capitals, made of syllables. */
import { mulberry32 } from '@ftheta/backend';

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';

/**
 * An invented name from syllables: capitalised, 4-7 characters, not in `used` (then added to it).
 * `next` is a uniform generator in [0, 1) (e.g. `mulberry32(seed)`); the fact bases of the demo
 * and of @ftheta/editing draw their names here.
 */
export function inventName(next: () => number, used: Set<string>): string {
  for (;;) {
    const syllables = 2 + Math.floor(next() * 2);
    let name = '';
    for (let s = 0; s < syllables; s++) {
      name += CONSONANTS[Math.floor(next() * CONSONANTS.length)]! + VOWELS[Math.floor(next() * VOWELS.length)]!;
      if (next() < 0.3) name += CONSONANTS[Math.floor(next() * CONSONANTS.length)]!;
    }
    name = name.slice(0, 7);
    if (name.length >= 4 && !used.has(name)) {
      used.add(name);
      return name[0]!.toUpperCase() + name.slice(1);
    }
  }
}

/** The fact base for `seed`: `count` (default 20) invented countries and their invented capitals, all names distinct. */
export function inventFacts(seed: number, count = 20): Array<[country: string, capital: string]> {
  const next = mulberry32(seed ^ 0x5eed);
  const used = new Set<string>();
  return Array.from({ length: count }, () => [inventName(next, used), inventName(next, used)]);
}
