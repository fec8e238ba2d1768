import { capOf, type UNetConfig } from './unetConfig.js';

/**
 * Closed-form multiply-add count of @maskflow/model's U-Net (3x3 conv blocks, 2x2 stride-2
 * transposed convs, 1x1 head) for one image's forward pass, convolutions only: BatchNorm, ReLU,
 * pooling and concatenation are O(activations), under 1% here. `maxFilters` caps every level's
 * filters as buildUNet's does (0: no cap).
 */
export function unetForwardMacs(size: number, baseFilters: number, depth: number, maxFilters = 0, channels = 3): { total: number; firstLayer: number } {
  const filters = (level: number) => (maxFilters > 0 ? Math.min(maxFilters, baseFilters * 2 ** level) : baseFilters * 2 ** level);
  const side = (level: number) => size / 2 ** level;
  const conv3 = (level: number, cin: number, cout: number) => side(level) ** 2 * 9 * cin * cout;
  let total = 0;
  let cin = channels;
  for (let level = 0; level < depth; level++) {
    total += conv3(level, cin, filters(level)) + conv3(level, filters(level), filters(level));
    cin = filters(level);
  }
  total += conv3(depth, filters(depth - 1), filters(depth)) + conv3(depth, filters(depth), filters(depth));
  for (let level = depth - 1; level >= 0; level--) {
    total += side(level) ** 2 * filters(level + 1) * filters(level); // 2x2 stride-2 transposed conv
    total += conv3(level, 2 * filters(level), filters(level)) + conv3(level, filters(level), filters(level));
  }
  total += side(0) ** 2 * filters(0); // 1x1 head
  return { total, firstLayer: conv3(0, channels, filters(0)) };
}

/**
 * FLOPs of one training step: forward, then the input and filter gradients of every conv (each
 * costs as much as its forward pass), minus the input gradient of the first layer, which
 * nothing needs. 2 FLOPs per multiply-add.
 */
export function unetTrainingFlops(c: UNetConfig): number {
  const { total, firstLayer } = unetForwardMacs(c.size, c.baseFilters, c.depth, capOf(c));
  return 2 * c.batch * (3 * total - firstLayer);
}
