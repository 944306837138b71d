/** What one edit asks for: after `prompt` (which names `subject`), the model should say `target`. */
import { fillTemplate } from '../facts/fact-base';

/** One requested edit, as ROME and MEMIT take it. */
export interface EditRequest {
  /** The subject as it is written in the prompt, e.g. "Rovfupe Kike". */
  subject: string;
  /**
   * The question whose answer changes, naming the subject: either with "{}" where the subject goes
   * ("{} was born in") or with the subject written out ("Rovfupe Kike was born in").
   */
  prompt: string;
  /** The new answer, e.g. "Tursun" (it follows the prompt after one space). */
  target: string;
}

/**
 * The request with its prompt filled in and every field checked.
 * @throws Error naming the field and value at fault.
 */
export function resolveRequest(r: EditRequest, where = 'edit'): EditRequest {
  for (const k of ['subject', 'prompt', 'target'] as const) {
    if (typeof r?.[k] !== 'string' || r[k].trim() === '') throw new Error(`${where}: "${k}" must be a non-empty string, got ${JSON.stringify(r?.[k])}`);
  }
  if (r.subject !== r.subject.trim()) throw new Error(`${where}: subject ${JSON.stringify(r.subject)} has leading or trailing spaces`);
  const target = r.target.trim();
  const prompt = r.prompt.includes('{}') ? fillTemplate(r.prompt, r.subject) : r.prompt;
  if (!prompt.includes(r.subject)) throw new Error(`${where}: prompt ${JSON.stringify(r.prompt)} does not contain the subject ${JSON.stringify(r.subject)} (write it out or put "{}" where it goes)`);
  if (prompt !== prompt.trimEnd()) throw new Error(`${where}: prompt ${JSON.stringify(r.prompt)} ends with spaces (the target follows after one space)`);
  return { subject: r.subject, prompt, target };
}
