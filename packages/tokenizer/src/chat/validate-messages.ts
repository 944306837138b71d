/**
 * The conversation shapes a chat template accepts: an optional system message first, then turns
 * that alternate user, assistant, user, ... starting with the user. Only assistant messages may
 * carry `thinking`. A generation prompt needs the last message to be the user's.
 */
import { ChatTemplateError } from './chat-template-error';

/** One message of a conversation. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** The assistant's reasoning before its answer (assistant messages only). */
  thinking?: string;
}

const ROLES = new Set(['system', 'user', 'assistant']);

/** Throws a {@link ChatTemplateError} naming the first message at fault. */
export function validateMessages(messages: readonly ChatMessage[], addGenerationPrompt: boolean): void {
  if (!Array.isArray(messages)) throw new ChatTemplateError('messages must be an array');
  if (messages.length === 0) throw new ChatTemplateError('messages is empty');
  let expected: 'user' | 'assistant' = 'user';
  messages.forEach((m, i) => {
    if (m == null || typeof m !== 'object') throw new ChatTemplateError('not a message object', i);
    if (!ROLES.has(m.role)) throw new ChatTemplateError(`role is ${JSON.stringify(m.role)}; expected "system", "user" or "assistant"`, i);
    if (typeof m.content !== 'string') throw new ChatTemplateError(`content is ${m.content === null ? 'null' : typeof m.content}, expected a string`, i);
    if (m.thinking !== undefined) {
      if (m.role !== 'assistant') throw new ChatTemplateError(`only assistant messages may have thinking (this one is ${m.role})`, i);
      if (typeof m.thinking !== 'string') throw new ChatTemplateError(`thinking is ${typeof m.thinking}, expected a string`, i);
    }
    if (m.role === 'system') {
      if (i !== 0) throw new ChatTemplateError('a system message may only come first', i);
      return;
    }
    if (m.role !== expected) {
      const previous = i === 0 || messages[i - 1].role === 'system' ? 'the conversation must start with a user message (after an optional system message)' : `two ${m.role} messages in a row`;
      throw new ChatTemplateError(`${previous}; turns alternate user, assistant, user, ...`, i);
    }
    expected = expected === 'user' ? 'assistant' : 'user';
  });
  const last = messages.length - 1;
  if (addGenerationPrompt && messages[last].role !== 'user') {
    throw new ChatTemplateError(`addGenerationPrompt needs the last message to be the user's, got ${messages[last].role}`, last);
  }
}
