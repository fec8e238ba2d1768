/**
 * Rotate the hue of RGB pixels in place by `delta` of the colour circle (delta in [-1, 1]),
 * as tf.image.adjust_hue does: convert to HSV, add delta to H, convert back. Value (the max
 * channel) and chroma (max - min) are unchanged, so only the channel order and the middle
 * channel move; the middle channel is rounded to the nearest integer. delta 0 is the identity.
 */
export function hueShift(rgb: Uint8Array, pixels: number, delta: number): void {
  const turn = (((delta % 1) + 1) % 1) * 6;
  if (turn === 0) return;
  for (let p = 0, i = 0; p < pixels; p++, i += 3) {
    const r = rgb[i] as number;
    const g = rgb[i + 1] as number;
    const b = rgb[i + 2] as number;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const chroma = max - min;
    if (chroma === 0) continue;
    let h = max === r ? (g - b) / chroma : max === g ? (b - r) / chroma + 2 : (r - g) / chroma + 4;
    if (h < 0) h += 6;
    h += turn;
    if (h >= 6) h -= 6;
    const sector = h | 0;
    const f = h - sector;
    const rise = (min + chroma * f + 0.5) | 0;
    const fall = (min + chroma * (1 - f) + 0.5) | 0;
    switch (sector) {
      case 0: rgb[i] = max; rgb[i + 1] = rise; rgb[i + 2] = min; break;
      case 1: rgb[i] = fall; rgb[i + 1] = max; rgb[i + 2] = min; break;
      case 2: rgb[i] = min; rgb[i + 1] = max; rgb[i + 2] = rise; break;
      case 3: rgb[i] = min; rgb[i + 1] = fall; rgb[i + 2] = max; break;
      case 4: rgb[i] = rise; rgb[i + 1] = min; rgb[i + 2] = max; break;
      default: rgb[i] = max; rgb[i + 1] = min; rgb[i + 2] = fall; break;
    }
  }
}

/** Draw a hue delta uniform in [-maxDelta, maxDelta] (tf.image.random_hue). */
export function drawHueDelta(rng: () => number, maxDelta: number): number {
  return (rng() * 2 - 1) * maxDelta;
}
