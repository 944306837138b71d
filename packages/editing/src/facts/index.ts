export { FACT_BASE_DEFAULTS, factBase, fillTemplate, factSentence, objectOf, relationOf, type Fact, type FactBase, type FactBaseOptions, type Relation } from './fact-base';
export { factCorpus, factSentences, keyStatisticsText, recordLines, SENTENCE_START } from './fact-corpus';
export { FACT_MODEL_DEFAULTS, trainFactModel, type FactModel, type FactModelOptions } from './fact-model';
export { FACT_BASE_FILE, factBaseJson, parseFactBaseJson, type FactBaseFile, type FactBaseJson } from './fact-base-json';
