/**
 * The one error type of checkpoint reading and writing: it names the file (or URL) it is about, and
 * its message says what is wrong there (which tensor, which value).
 */
export class CheckpointError extends Error {
  /** The file, URL or label the problem is in (e.g. `model.safetensors`, `/models/tiny/config.json`). */
  readonly source: string;

  constructor(source: string, problem: string, options?: { cause?: unknown }) {
    super(`${source}: ${problem}`, options);
    this.name = 'CheckpointError';
    this.source = source;
  }
}
