/**
 * An invalid merge recipe: the message names the recipe file, the key path inside it
 * (`models[1].parameters.density`) and what is wrong with the value found there.
 */
export class RecipeError extends Error {
  /** The recipe file (or label) it is about. */
  readonly source: string;
  /** The key path, e.g. `models[1].parameters.density` (empty for the whole document). */
  readonly keyPath: string;

  constructor(source: string, keyPath: string, problem: string) {
    super(`${source}: ${keyPath ? `${keyPath}: ` : ''}${problem}`);
    this.name = 'RecipeError';
    this.source = source;
    this.keyPath = keyPath;
  }
}
