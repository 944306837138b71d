export { adaptableModules, loraScaling, resolveLoraConfig, resolveTargets, type LoraConfig, type LoraInit, type LoraOptions, type LoraTarget } from './lora-config';
export { createLora, loraAName, loraBName, LoraModel, type CreateLoraOptions, type LoraForwardOptions, type LoraModelOptions } from './lora-model';
export { loraBranch } from './lora-branch';
export { mergeLora } from './merge-lora';
export { adapterFiles, loraFromAdapterFiles, parsePeftAdapterConfig, peftAdapterConfig, PEFT_PREFIX, type AdapterFiles, type AdapterFilesOptions } from './adapter-files';
