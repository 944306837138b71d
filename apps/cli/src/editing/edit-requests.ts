/**
 * The edit requests of `ftheta edit`, from its flags (one request: --subject, --relation-prompt,
 * --target) or from --batch edits.json (MEMIT), each checked by @ftheta/editing with errors that
 * name the flag, or the file and the entry.
 */
import { type EditRequest, fillTemplate, resolveRequest } from '@ftheta/editing';
import { readEditsFile } from '@ftheta/editing/node';
import { UsageError } from '../errors';

/**
 * `prompt` with "{}" filled by `subject`, or as is when it names the subject.
 * @throws UsageError naming `flag` when the prompt holds neither the subject nor exactly one "{}".
 */
export function promptWithSubject(prompt: string, subject: string, flag: string): string {
  if (prompt.includes('{}')) {
    try {
      return fillTemplate(prompt, subject);
    } catch {
      throw new UsageError(`${flag} ${JSON.stringify(prompt)} must hold exactly one "{}" (where the subject goes)`);
    }
  }
  if (!prompt.includes(subject)) throw new UsageError(`${flag} ${JSON.stringify(prompt)} does not contain the subject ${JSON.stringify(subject)} (write it out or put "{}" where it goes)`);
  return prompt;
}

/** The single-edit flags. */
export interface SingleEditFlags {
  subject?: string;
  relationPrompt?: string;
  target?: string;
}

/**
 * The one request the flags describe, checked.
 * @throws UsageError naming the missing or bad flag.
 */
export function requestFromFlags(o: SingleEditFlags): EditRequest {
  const flags = [
    ['--subject', o.subject, 'TEXT (the subject as written in the prompt)'],
    ['--relation-prompt', o.relationPrompt, 'TEXT (e.g. "{} was born in")'],
    ['--target', o.target, 'TEXT (the new answer)'],
  ] as const;
  for (const [flag, value, what] of flags) {
    if (value === undefined) throw new UsageError(`${flag} ${what} is required for a single edit (or give --batch edits.json)`);
    if (value.trim() === '') throw new UsageError(`${flag} must not be empty`);
  }
  const subject = o.subject!;
  if (subject !== subject.trim()) throw new UsageError(`--subject ${JSON.stringify(subject)} has leading or trailing spaces`);
  const prompt = promptWithSubject(o.relationPrompt!, subject, '--relation-prompt');
  if (prompt !== prompt.trimEnd()) throw new UsageError(`--relation-prompt ${JSON.stringify(o.relationPrompt)} ends with spaces (the target follows after one space)`);
  try {
    return resolveRequest({ subject, prompt, target: o.target! }, 'edit');
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err });
  }
}

/**
 * The requests in edits.json, checked.
 * @throws UsageError naming the file and the entry at fault.
 */
export async function requestsFromFile(file: string): Promise<EditRequest[]> {
  try {
    return await readEditsFile(file);
  } catch (err) {
    throw new UsageError(`--batch ${(err as Error).message}`, { cause: err });
  }
}
