/**
 * How the trainer breaks ties between pairs of equal count, chosen to reproduce Hugging Face's
 * BpeTrainer merge for merge. HF picks the pair (left, right) with the smallest ids in its own
 * vocabulary, whose alphabet is the byte-level characters sorted by code point (so 'A' < 'a' < 'Ġ'
 * for space) followed by merged tokens in creation order. ftheta's ids differ (bytes 0..255 in byte
 * order, then merges), so a token's rank is:
 * - a byte: its position among the 256 byte-level characters sorted by code point;
 * - a merged token: its id (256 + creation order), after every byte.
 * The pair with the smaller (rank(left), rank(right)) wins.
 */
import { BYTE_TO_CHAR } from '../hf/byte-level-alphabet';

/** `BYTE_RANK[byte]`: the byte's position in HF's code-point-sorted byte-level alphabet. */
export const BYTE_RANK: Int32Array = (() => {
  const order = [...BYTE_TO_CHAR.keys()].sort((a, b) => BYTE_TO_CHAR[a].charCodeAt(0) - BYTE_TO_CHAR[b].charCodeAt(0));
  const rank = new Int32Array(256);
  order.forEach((byte, i) => {
    rank[byte] = i;
  });
  return rank;
})();

/** The tie rank of token `id` (see the file comment). */
export function tieRank(id: number): number {
  return id < 256 ? BYTE_RANK[id] : id;
}
