/**
 * A chat template: renders a conversation to ids for a text tokenizer, with a mask of the tokens
 * an instruction-tuned model should learn (the assistant's). Layout, default markers:
 *
 * ```
 * <|system|>{system}<|end|>
 * <|user|>{user}<|end|>
 * <|assistant|><|think|>{thinking}<|/think|>{content}<|end|>     (think section only when
 * ...                                                             `thinking` is given, even "")
 * <|assistant|>                                                   (addGenerationPrompt)
 * ```
 *
 * (shown on several lines; nothing is inserted between segments). The mask is 1 for an assistant
 * turn's `<|think|>`, thinking, `<|/think|>`, content and `<|end|>`, and 0 for everything else (role
 * headers, system and user turns, the generation prompt): the model learns to write its answer and
 * to stop, not to predict the user.
 *
 * Markers are special tokens of the tokenizer by default (a tokenizer lacking some is rejected with
 * the list); `markerEncoding: 'text'` spells them as ordinary text instead. Content never becomes a
 * special id: by default a message containing a special token's text or a marker string is
 * rejected (tiktoken's rule); `specialsInContent: 'text'` encodes such text as ordinary text.
 */
import type { Tokenizer } from '../tokenizer';
import { type ChatMarkers, DEFAULT_CHAT_MARKERS } from './chat-markers';
import { ChatTemplateError } from './chat-template-error';
import { type ChatMessage, validateMessages } from './validate-messages';

export interface ChatTemplateOptions {
  /** Marker strings; unspecified ones keep their default (see `DEFAULT_CHAT_MARKERS`). */
  markers?: Partial<ChatMarkers>;
  /** 'special' (default): each marker is one special id of the tokenizer. 'text': markers are encoded as text. */
  markerEncoding?: 'special' | 'text';
  /** 'reject' (default): content holding a special token or marker text throws. 'text': it is encoded as ordinary text. */
  specialsInContent?: 'reject' | 'text';
}

export interface RenderOptions {
  /** Append the assistant header, so a model continues with the answer. Default false. */
  addGenerationPrompt?: boolean;
  /** With addGenerationPrompt: also open the thinking section (`<|assistant|><|think|>`). Default false. */
  openThinking?: boolean;
}

/** A rendered conversation. */
export interface RenderedChat {
  ids: number[];
  /** Per id: 1 for tokens the model should learn (assistant turns), 0 elsewhere. */
  assistantMask: Uint8Array;
  /** The rendered text (`tokenizer.decode(ids)` for a lossless tokenizer). */
  text: string;
}

/** Renders conversations for one tokenizer. */
export class ChatTemplate {
  readonly markers: Readonly<ChatMarkers>;
  readonly markerEncoding: 'special' | 'text';
  readonly specialsInContent: 'reject' | 'text';
  private readonly markerIds = new Map<string, number[]>();
  /** Strings content may not hold (reject mode): the tokenizer's specials and the markers. */
  private readonly forbidden: string[];

  constructor(
    readonly tokenizer: Tokenizer,
    options: ChatTemplateOptions = {},
  ) {
    this.markers = Object.freeze({ ...DEFAULT_CHAT_MARKERS, ...options.markers });
    this.markerEncoding = options.markerEncoding ?? 'special';
    this.specialsInContent = options.specialsInContent ?? 'reject';
    if (this.markerEncoding !== 'special' && this.markerEncoding !== 'text') throw new ChatTemplateError(`markerEncoding is ${JSON.stringify(this.markerEncoding)}, expected "special" or "text"`);
    if (this.specialsInContent !== 'reject' && this.specialsInContent !== 'text') throw new ChatTemplateError(`specialsInContent is ${JSON.stringify(this.specialsInContent)}, expected "reject" or "text"`);
    const strings = Object.entries(this.markers);
    for (const [key, s] of strings) if (typeof s !== 'string' || s.length === 0) throw new ChatTemplateError(`marker ${key} must be a non-empty string`);
    if (this.markerEncoding === 'special') {
      const missing = strings.filter(([, s]) => !tokenizer.specialTokens.has(s)).map(([, s]) => s);
      if (missing.length > 0) {
        throw new ChatTemplateError(
          `tokenizer ${tokenizer.name} lacks the special tokens ${[...new Set(missing)].join(' ')}; add them as special tokens, or pass { markerEncoding: 'text' } to spell markers as text`,
        );
      }
      for (const [, s] of strings) this.markerIds.set(s, [tokenizer.specialTokens.get(s)!]);
    } else {
      for (const [key, s] of strings) {
        try {
          this.markerIds.set(s, tokenizer.encode(s, { disallowedSpecial: [] }));
        } catch (err) {
          throw new ChatTemplateError(`cannot spell marker ${key} (${JSON.stringify(s)}) as text with ${tokenizer.name}: ${(err as Error).message}`);
        }
      }
    }
    this.forbidden = [...new Set([...tokenizer.specialTokens.keys(), ...strings.map(([, s]) => s)])];
  }

  /** Ids, assistant mask and text of `messages` (validated first; errors name the message). */
  render(messages: readonly ChatMessage[], options: RenderOptions = {}): RenderedChat {
    const addGenerationPrompt = options.addGenerationPrompt ?? false;
    if (options.openThinking && !addGenerationPrompt) throw new ChatTemplateError('openThinking needs addGenerationPrompt');
    validateMessages(messages, addGenerationPrompt);
    const ids: number[] = [];
    const mask: number[] = [];
    let text = '';
    const m = this.markers;
    const marker = (s: string, learn: boolean) => {
      for (const id of this.markerIds.get(s)!) {
        ids.push(id);
        mask.push(learn ? 1 : 0);
      }
      text += s;
    };
    const content = (s: string, learn: boolean, index: number, field: string) => {
      for (const id of this.encodeContent(s, index, field)) {
        ids.push(id);
        mask.push(learn ? 1 : 0);
      }
      text += s;
    };
    messages.forEach((msg, i) => {
      const learn = msg.role === 'assistant';
      marker(m[msg.role], false);
      if (msg.thinking !== undefined) {
        marker(m.thinkBegin, true);
        content(msg.thinking, true, i, 'thinking');
        marker(m.thinkEnd, true);
      }
      content(msg.content, learn, i, 'content');
      marker(m.end, learn);
    });
    if (addGenerationPrompt) {
      marker(m.assistant, false);
      if (options.openThinking) marker(m.thinkBegin, false);
    }
    return { ids, assistantMask: Uint8Array.from(mask), text };
  }

  private encodeContent(s: string, index: number, field: string): number[] {
    if (this.specialsInContent === 'text') return this.tokenizer.encode(s, { disallowedSpecial: [] });
    let first: { token: string; at: number } | undefined;
    for (const token of this.forbidden) {
      const at = s.indexOf(token);
      if (at >= 0 && (first === undefined || at < first.at)) first = { token, at };
    }
    if (first !== undefined) {
      throw new ChatTemplateError(
        `${field} contains ${JSON.stringify(first.token)} at index ${first.at}, which would read as a special token; ` +
          "pass { specialsInContent: 'text' } to encode it as ordinary text",
        index,
      );
    }
    return this.tokenizer.encode(s);
  }
}
