export { type PixelImage, type ImageSize, assertPixelImage, imageFromImageData } from './image';
export { Palette } from './palette';
export { paletteFromJson, paletteToJson, type PaletteJson } from './palette-json';
export { learnPalette, type LearnPaletteOptions, type KMeansProgress, type PaletteSource } from './learn-palette';
export { compositeOnBackground, type RgbColor } from './composite';
export { PixelTokenizer, type AlphaPolicy, type PixelTokenizerOptions } from './pixel-tokenizer';
export { imageError, type ImageError } from './image-quality';
