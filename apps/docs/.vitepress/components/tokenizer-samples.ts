/**
 * What the live tokenizer demo starts with, and the choices it offers. No imports: the demo's
 * components read these during the server-side render, before any tokenizer code is loaded.
 */

/**
 * The prefilled text: a ZWJ emoji (one character, five code points, 18 bytes), Japanese, a
 * contraction in capitals (cl100k and o200k match contractions case-insensitively, r50k does not)
 * and numbers (cl100k and o200k split digits into runs of at most three).
 */
export const SAMPLE_TEXT = `Tokenizers don't read letters; they read ids.
"I DON'T KNOW" and "I don't know" split differently.
Numbers: 3.14159, 2025, 1234567.
👨‍👩‍👧 is one character but 18 bytes. 東京で寿司を食べた。`;

/** The text tokenizers the demo offers: three OpenAI encodings, and characters. */
export const TEXT_CHOICES = [
  { value: 'cl100k_base', label: 'cl100k_base (GPT-4, GPT-3.5)' },
  { value: 'o200k_base', label: 'o200k_base (GPT-4o)' },
  { value: 'r50k_base', label: 'r50k_base (GPT-2, GPT-3)' },
  { value: 'char', label: 'char (one id per character)' },
] as const;

export type TextChoice = (typeof TEXT_CHOICES)[number]['value'];

/** Palette sizes (pixel vocabularies) to pick from; ImageGPT used 512. */
export const PALETTE_SIZES = [16, 64, 512] as const;
export const DEFAULT_PALETTE_SIZE = 64;
