export { finetuneEdit, type FinetuneEdit, type FinetuneEditOptions } from './finetune-edit';
