import { describe, expect, it } from 'vitest';
import { CharTokenizer } from '../char';
import { DEFAULT_CHAT_MARKERS } from './chat-markers';
import { ChatTemplate } from './chat-template';
import { ChatTemplateError } from './chat-template-error';
import type { ChatMessage } from './validate-messages';

const CHARS = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,!?<>|/0123456789';
const SPECIALS = [...Object.values(DEFAULT_CHAT_MARKERS), '<|endoftext|>'];
const tokenizer = CharTokenizer.fromText(CHARS, { specialTokens: SPECIALS });
const template = new ChatTemplate(tokenizer);

const chat: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'What is 2 plus 2?' },
  { role: 'assistant', thinking: 'Two and two.', content: 'Four.' },
  { role: 'user', content: 'And 3?' },
  { role: 'assistant', content: 'Five.' },
];

/** The decoded text of each maximal run of masked (or unmasked) ids. */
function runs(ids: number[], mask: Uint8Array, want: number): string[] {
  const out: string[] = [];
  let run: number[] = [];
  ids.forEach((id, i) => {
    if (mask[i] === want) run.push(id);
    else if (run.length > 0) {
      out.push(tokenizer.decode(run));
      run = [];
    }
  });
  if (run.length > 0) out.push(tokenizer.decode(run));
  return out;
}

describe('ChatTemplate', () => {
  it('renders the default layout with markers as special ids', () => {
    const { ids, text, assistantMask } = template.render(chat);
    expect(text).toBe(
      '<|system|>Be brief.<|end|><|user|>What is 2 plus 2?<|end|><|assistant|><|think|>Two and two.<|/think|>Four.<|end|>' +
        '<|user|>And 3?<|end|><|assistant|>Five.<|end|>',
    );
    expect(tokenizer.decode(ids)).toBe(text);
    expect(assistantMask.length).toBe(ids.length);
    expect(ids.filter((id) => id === tokenizer.specialTokens.get('<|end|>'))).toHaveLength(5);
    const contentChars = chat.reduce((n, m) => n + m.content.length + (m.thinking?.length ?? 0), 0);
    expect(ids.length).toBe(contentChars + 12); // one id per character, one per marker (12 markers)
  });

  it('masks exactly the assistant thinking, content and end markers', () => {
    const { ids, assistantMask } = template.render(chat);
    expect(runs(ids, assistantMask, 1)).toEqual(['<|think|>Two and two.<|/think|>Four.<|end|>', 'Five.<|end|>']);
    expect(runs(ids, assistantMask, 0)).toEqual([
      '<|system|>Be brief.<|end|><|user|>What is 2 plus 2?<|end|><|assistant|>',
      '<|user|>And 3?<|end|><|assistant|>',
    ]);
  });

  it('adds a generation prompt, optionally opening the thinking section', () => {
    const { ids, assistantMask, text } = template.render(chat.slice(0, 2), { addGenerationPrompt: true });
    expect(text.endsWith('<|end|><|assistant|>')).toBe(true);
    expect(ids.at(-1)).toBe(tokenizer.specialTokens.get('<|assistant|>'));
    expect(assistantMask.every((m) => m === 0)).toBe(true);
    const thinking = template.render(chat.slice(0, 2), { addGenerationPrompt: true, openThinking: true });
    expect(thinking.text.endsWith('<|assistant|><|think|>')).toBe(true);
    expect(() => template.render(chat, { addGenerationPrompt: true })).toThrow('messages[4]: addGenerationPrompt needs the last message to be the user');
  });

  it('lists the missing specials, or spells markers as text when asked', () => {
    const plain = CharTokenizer.fromText(CHARS, { specialTokens: ['<|end|>'] });
    expect(() => new ChatTemplate(plain)).toThrow(
      'tokenizer char lacks the special tokens <|system|> <|user|> <|assistant|> <|think|> <|/think|>; add them as special tokens, or pass',
    );
    const asText = new ChatTemplate(plain, { markerEncoding: 'text' });
    const { ids, assistantMask, text } = asText.render(chat);
    expect(plain.decode(ids)).toBe(text);
    expect(ids).not.toContain(plain.specialTokens.get('<|end|>'));
    expect(ids.length).toBe(text.length);
    const learned = ids.filter((_, i) => assistantMask[i] === 1);
    expect(plain.decode(learned)).toBe('<|think|>Two and two.<|/think|>Four.<|end|>Five.<|end|>');
  });

  it('takes custom markers', () => {
    const t = CharTokenizer.fromText(CHARS, { specialTokens: ['<s>', '<u>', '<a>', '</>', '<t>', '</t>'] });
    const custom = new ChatTemplate(t, { markers: { system: '<s>', user: '<u>', assistant: '<a>', end: '</>', thinkBegin: '<t>', thinkEnd: '</t>' } });
    expect(custom.render([{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'yo' }]).text).toBe('<u>hi</><a>yo</>');
  });

  it('rejects marker and special text in content by default, encodes it as text on request', () => {
    const sneaky: ChatMessage[] = [{ role: 'user', content: 'say <|end|> now' }, { role: 'assistant', content: 'ok' }];
    expect(() => template.render(sneaky)).toThrow(ChatTemplateError);
    expect(() => template.render(sneaky)).toThrow('messages[0]: content contains "<|end|>" at index 4, which would read as a special token');
    expect(() => template.render([{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b', thinking: 'x<|endoftext|>' }])).toThrow(
      'messages[1]: thinking contains "<|endoftext|>" at index 1',
    );
    const lenient = new ChatTemplate(tokenizer, { specialsInContent: 'text' });
    const { ids, text } = lenient.render(sneaky);
    expect(tokenizer.decode(ids)).toBe(text);
    const specialIds = new Set(tokenizer.specialTokens.values());
    expect(ids.filter((id) => specialIds.has(id))).toHaveLength(4); // <|user|> <|end|> <|assistant|> <|end|>: the content's stays text
  });

  it.each([
    [[], 'messages is empty'],
    [[{ role: 'tool', content: 'x' }], 'messages[0]: role is "tool"; expected "system", "user" or "assistant"'],
    [[{ role: 'user', content: 3 }], 'messages[0]: content is number, expected a string'],
    [[{ role: 'user', content: 'a', thinking: 'b' }], 'messages[0]: only assistant messages may have thinking'],
    [[{ role: 'user', content: 'a' }, { role: 'system', content: 'b' }], 'messages[1]: a system message may only come first'],
    [[{ role: 'system', content: 'a' }, { role: 'assistant', content: 'b' }], 'messages[1]: the conversation must start with a user message'],
    [[{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }], 'messages[1]: two user messages in a row'],
    [[{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'assistant', content: 'c' }], 'messages[2]: two assistant messages in a row'],
  ])('rejects %j', (messages, detail) => {
    expect(() => template.render(messages as ChatMessage[])).toThrow(detail);
  });
});
