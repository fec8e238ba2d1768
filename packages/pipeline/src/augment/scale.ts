import { warp } from './warp.js';

/**
 * Zoom an image of `channels` bytes a pixel in place about its centre by `factor` (> 1 enlarges
 * the content, < 1 shrinks it): output pixel (x, y) reads the source at
 * (cx + (x + 0.5 - cx) / factor - 0.5, ...), bilinearly for images and nearest for masks (0/1 stays
 * 0/1); what falls outside the source becomes 0, as shift's vacated area. Factor 1 is the identity.
 */
export function scale(data: Uint8Array, width: number, height: number, channels: number, factor: number, interpolation: 'bilinear' | 'nearest'): void {
  if (factor === 1) return;
  const inv = 1 / factor;
  warp(data, width, height, channels, { a: inv, b: 0, c: 0, d: inv }, interpolation);
}
