/** A chat that cannot be rendered, or a template that cannot be built. */
export class ChatTemplateError extends Error {
  override name = 'ChatTemplateError';
  /** Index of the offending message, when one is at fault. */
  readonly messageIndex: number | undefined;
  constructor(message: string, messageIndex?: number) {
    super(messageIndex === undefined ? message : `messages[${messageIndex}]: ${message}`);
    this.messageIndex = messageIndex;
  }
}
