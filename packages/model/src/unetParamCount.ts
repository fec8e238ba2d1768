/** Closed-form parameter count of {@link buildUNet}'s model, as Keras and tfjs count it. */
import { OptionRangeError } from '@maskflow/errors';
import { levelFilters, resolveUNetOptions, type UNetOptions } from './buildUNet.js';

/** Parameters of the U-Net split as Keras prints them. */
export interface UNetParamCount {
  total: number;
  trainable: number;
  /** BatchNorm moving mean and variance: 2 per normalised channel. */
  nonTrainable: number;
}

/** Count the U-Net's parameters without building it (31,126,497 at 256x256x3, 32 filters, depth 5). */
export function unetParamCount(opts: UNetOptions): UNetParamCount {
  const resolved = resolveUNetOptions(opts);
  if (resolved.encoder !== 'unet') {
    throw new OptionRangeError('encoder', "'unet' (the closed form counts the tutorial's encoder)", resolved.encoder, 'Build the model and read model.countParams()');
  }
  const { channels, depth } = resolved;
  let trainable = 0;
  let bnChannels = 0;
  const conv = (k: number, cin: number, cout: number): void => {
    trainable += k * k * cin * cout + cout;
  };
  const bn = (c: number): void => {
    trainable += 2 * c; // gamma, beta
    bnChannels += c;
  };
  const convBlock = (cin: number, f: number): void => {
    conv(3, cin, f);
    bn(f);
    conv(3, f, f);
    bn(f);
  };
  let cin = channels;
  for (let i = 0; i < depth; i++) {
    convBlock(cin, levelFilters(resolved, i));
    cin = levelFilters(resolved, i);
  }
  convBlock(cin, levelFilters(resolved, depth));
  cin = levelFilters(resolved, depth);
  for (let i = depth - 1; i >= 0; i--) {
    const f = levelFilters(resolved, i);
    conv(2, cin, f); // transpose conv 2x2
    bn(2 * f); // after concat(skip, up)
    convBlock(2 * f, f);
    cin = f;
  }
  conv(1, cin, 1);
  const nonTrainable = 2 * bnChannels;
  return { total: trainable + nonTrainable, trainable, nonTrainable };
}
