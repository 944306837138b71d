/**
 * Merge rules for a vocabulary that has none (tiktoken's rule: a token's id is its rank). Hugging
 * Face's BPE needs explicit merges, so writing such a vocabulary to tokenizer.json derives them the
 * way HF's tiktoken conversions do: a token of rank r is what tiktoken's BPE makes of its own bytes
 * using only ranks below r, and when that is exactly two tokens, they are its merge.
 */

/** The bytes as a Latin-1 string (one char per byte): a cheap map key. */
function key(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/**
 * `[leftId, rightId, resultId]` for every ordinary token of two or more bytes that tiktoken's rule
 * builds from exactly two lower-ranked tokens, in id (rank) order. Tokens it cannot build that way
 * are left out (HF reaches them only through ignore_merges' whole-piece lookup).
 */
export function mergesFromRanks(tokens: readonly (Uint8Array | undefined)[]): [number, number, number][] {
  const rank = new Map<string, number>();
  tokens.forEach((bytes, id) => {
    if (bytes !== undefined && !rank.has(key(bytes))) rank.set(key(bytes), id);
  });
  const merges: [number, number, number][] = [];
  tokens.forEach((bytes, id) => {
    if (bytes === undefined || bytes.length < 2 || rank.get(key(bytes)) !== id) return;
    const parts = encodeBelow(key(bytes), id, rank);
    if (parts === undefined || parts.length !== 2) return;
    merges.push([rank.get(parts[0])!, rank.get(parts[1])!, id]);
  });
  return merges;
}

/** tiktoken's byte-pair merge of `word` using only ranks below `limit`; undefined if a byte is missing. */
function encodeBelow(word: string, limit: number, rank: Map<string, number>): string[] | undefined {
  const parts = [...word];
  for (const p of parts) if (!rank.has(p)) return undefined;
  for (;;) {
    let best = -1;
    let bestRank = limit;
    for (let i = 0; i + 1 < parts.length; i++) {
      const r = rank.get(parts[i] + parts[i + 1]);
      if (r !== undefined && r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    if (best < 0) return parts;
    parts.splice(best, 2, parts[best] + parts[best + 1]);
  }
}
