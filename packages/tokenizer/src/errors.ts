/**
 * Errors that name what is wrong and where: the file (or source), the field, and the value.
 */

/** A tokenizer file or object is malformed. `source` is the file path or a description. */
export class TokenizerFormatError extends Error {
  override name = 'TokenizerFormatError';
  constructor(
    readonly source: string,
    readonly detail: string,
  ) {
    super(`${source}: ${detail}`);
  }
}

/** The text contains a special token that the caller did not allow. */
export class DisallowedSpecialTokenError extends Error {
  override name = 'DisallowedSpecialTokenError';
  constructor(readonly token: string, readonly index: number) {
    super(
      `the text contains the special token ${JSON.stringify(token)} at index ${index}; pass ` +
        `{ allowedSpecial: [${JSON.stringify(token)}] } to encode it as its special id, or ` +
        '{ disallowedSpecial: [] } to encode it as ordinary text',
    );
  }
}

/** An id that the tokenizer does not know. */
export class UnknownTokenIdError extends Error {
  override name = 'UnknownTokenIdError';
  constructor(readonly id: number, readonly tokenizer: string) {
    super(`${tokenizer}: unknown token id ${id}`);
  }
}
