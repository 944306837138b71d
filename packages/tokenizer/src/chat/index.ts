export { ChatTemplate, type ChatTemplateOptions, type RenderOptions, type RenderedChat } from './chat-template';
export { DEFAULT_CHAT_MARKERS, type ChatMarkers } from './chat-markers';
export { ChatTemplateError } from './chat-template-error';
export type { ChatMessage } from './validate-messages';
