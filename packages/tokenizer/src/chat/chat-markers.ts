/** The marker strings a chat template is written with. */

/** One marker string per role and section. */
export interface ChatMarkers {
  system: string;
  user: string;
  assistant: string;
  /** Closes every turn. */
  end: string;
  /** Opens an assistant's thinking section. */
  thinkBegin: string;
  /** Closes it. */
  thinkEnd: string;
}

/**
 * The default layout:
 * `<|system|>…<|end|><|user|>…<|end|><|assistant|><|think|>…<|/think|>…<|end|>`.
 */
export const DEFAULT_CHAT_MARKERS: Readonly<ChatMarkers> = Object.freeze({
  system: '<|system|>',
  user: '<|user|>',
  assistant: '<|assistant|>',
  end: '<|end|>',
  thinkBegin: '<|think|>',
  thinkEnd: '<|/think|>',
});
