/**
 * Distance of each object pixel from the object's outline, in pixels (chessboard metric: a step to
 * any of the eight neighbours counts 1). A pixel that touches the background, in any of its eight
 * neighbours, is 1 deep; a background pixel is 0. The image border does not count as outline: a
 * cut object is deep where the frame cuts it, since the frame is not an edge the model can see.
 * Two raster passes (Rosenfeld and Pfaltz's chamfer transform), O(pixels).
 */
export function edgeDistance(mask: Uint8Array, width: number, height: number): Uint16Array {
  const far = 0xffff;
  const depth = new Uint16Array(width * height);
  for (let p = 0; p < depth.length; p++) depth[p] = mask[p] === 0 ? 0 : far;
  // Forward pass: each pixel from the four neighbours already visited (left, and the row above).
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (depth[p] === 0) continue;
      let d = depth[p]!;
      if (x > 0) d = Math.min(d, depth[p - 1]! + 1);
      if (y > 0) {
        d = Math.min(d, depth[p - width]! + 1);
        if (x > 0) d = Math.min(d, depth[p - width - 1]! + 1);
        if (x < width - 1) d = Math.min(d, depth[p - width + 1]! + 1);
      }
      depth[p] = d;
    }
  }
  // Backward pass: the other four (right, and the row below).
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const p = y * width + x;
      if (depth[p] === 0) continue;
      let d = depth[p]!;
      if (x < width - 1) d = Math.min(d, depth[p + 1]! + 1);
      if (y < height - 1) {
        d = Math.min(d, depth[p + width]! + 1);
        if (x > 0) d = Math.min(d, depth[p + width - 1]! + 1);
        if (x < width - 1) d = Math.min(d, depth[p + width + 1]! + 1);
      }
      depth[p] = d;
    }
  }
  return depth;
}
