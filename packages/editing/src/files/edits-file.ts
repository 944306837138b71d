/** Node only: reads edits.json, the batch of edits for MEMIT: `[{ "subject", "prompt", "target" }, …]`. */
import { readFile } from 'node:fs/promises';
import { type EditRequest, resolveRequest } from '../model/edit-request';

/**
 * The requests in `file` (a JSON array of objects with string fields subject, prompt — with "{}"
 * or the subject written out — and target), checked.
 * @throws Error naming the file, the entry (1-based) and the field at fault.
 */
export async function readEditsFile(file: string): Promise<EditRequest[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(json)) throw new Error(`${file}: expected a JSON array of edits [{ "subject", "prompt", "target" }], got ${json === null ? 'null' : typeof json}`);
  if (json.length === 0) throw new Error(`${file}: the array holds no edits`);
  return json.map((e, i) => {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) throw new Error(`${file}: edit ${i + 1} must be an object with subject, prompt and target`);
    const extra = Object.keys(e).filter((k) => !['subject', 'prompt', 'target'].includes(k));
    if (extra.length) throw new Error(`${file}: edit ${i + 1} has unknown field "${extra[0]}" (expected subject, prompt, target)`);
    return resolveRequest(e as EditRequest, `${file}: edit ${i + 1}`);
  });
}
