/** An image with its mask drawn over it: tinted inside, outlined at the edge. */
import sharp from 'sharp';

const TINT = [255, 40, 40] as const;
const ALPHA = 0.45;

/** PNG of `image` (RGB) with the 0/1 `mask` (same size) tinted red and its border drawn solid. */
export async function renderOverlay(image: { width: number; height: number; data: Uint8Array }, mask: Uint8Array): Promise<Buffer> {
  const { width, height, data } = image;
  const out = Uint8Array.from(data);
  const at = (x: number, y: number): number => (x < 0 || y < 0 || x >= width || y >= height ? 0 : mask[y * width + x]!);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!at(x, y)) continue;
      const edge = !at(x - 1, y) || !at(x + 1, y) || !at(x, y - 1) || !at(x, y + 1);
      const a = edge ? 1 : ALPHA;
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) out[i + c] = Math.round(out[i + c]! * (1 - a) + TINT[c]! * a);
    }
  }
  return sharp(out, { raw: { width, height, channels: 3 } }).png().toBuffer();
}
