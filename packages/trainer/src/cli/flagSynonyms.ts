/** Flag names that Keras, PyTorch and Pytorch-UNet users type, each pointed at Maskflow's flag for it. */
export const FLAG_SYNONYMS: Readonly<Record<string, string>> = {
  'learning-rate': 'lr',
  'image-size': 'size',
  'img-size': 'size',
  workers: 'threads',
  'num-workers': 'threads',
  validation: 'val-fraction',
  'validation-split': 'val-fraction',
  'val-split': 'val-fraction',
  patience: 'early-stop',
  load: 'init-weights',
  weights: 'init-weights',
};
