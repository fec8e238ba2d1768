/**
 * @maskflow/preprocess: the one preprocessing both `maskflow predict` and the browser demo use.
 * Browser-safe: no Node imports, no dependencies.
 */
export { resizeImage, checkPixelImage } from './resizeImage.js';
export type { PixelImage, RgbImage } from './resizeImage.js';
export { toModelInput, scalePixels, PIXEL_SCALE } from './toModelInput.js';
export { maskFromProbabilities, resizeProbabilities, thresholdMask } from './maskFromProbabilities.js';
export type { MaskOptions, MaskResize } from './maskFromProbabilities.js';
export { guideSize, refineProbabilities, GUIDE_EPS, GUIDE_RADIUS, GUIDE_SCALE } from './guidedUpsample.js';
export { colourPlanes, guidedCoefficients, guidedFilter } from './guidedFilter.js';
export type { ColourPlanes, GuidedCoefficients } from './guidedFilter.js';
export { boxMean } from './boxMean.js';
export { resampleWeights } from './resampleWeights.js';
export type { AxisWeights } from './resampleWeights.js';
export { isPng16, png16ToRgba, pngHeader, pngImageData, STRETCH_TAIL, stretchRange, stretchSample, unfilterLine } from './png16.js';
