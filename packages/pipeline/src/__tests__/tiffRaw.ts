/** An uncompressed one-strip TIFF written by hand (sharp writes 8-bit or grey16 TIFFs only): 16-bit or float32 samples, grey or RGB, little-endian. */

/** Sample types: unsigned 16-bit integers, or 32-bit floats (TIFF SampleFormat 1 or 3). */
export type TiffSamples = 'uint16' | 'float32';

/** A TIFF of `samples` (row-major, `channels` 1 or 3 a pixel) as `type`. */
export function tiffRaw(samples: ArrayLike<number>, width: number, height: number, channels: 1 | 3, type: TiffSamples): Buffer {
  const bytes = type === 'uint16' ? 2 : 4;
  const format = type === 'uint16' ? 1 : 3;
  const pixels = Buffer.alloc(width * height * channels * bytes);
  for (let i = 0; i < width * height * channels; i++) {
    if (type === 'uint16') pixels.writeUInt16LE(samples[i] as number, i * 2);
    else pixels.writeFloatLE(samples[i] as number, i * 4);
  }
  // Bytes 0-7 the header, 8-13 three BitsPerSample and 14-19 three SampleFormat values (an RGB
  // image's per-channel tags do not fit in their entries), then the pixels, then the IFD.
  const head = Buffer.alloc(20);
  head.write('II', 0, 'ascii');
  head.writeUInt16LE(42, 2);
  const ifdOffset = head.length + pixels.length;
  head.writeUInt32LE(ifdOffset, 4);
  for (let c = 0; c < 3; c++) {
    head.writeUInt16LE(bytes * 8, 8 + c * 2);
    head.writeUInt16LE(format, 14 + c * 2);
  }
  const rgb = channels === 3;
  // [tag, type (3 SHORT, 4 LONG), count, value or offset], in ascending tag order.
  const tags: [number, number, number, number][] = [
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, channels, rgb ? 8 : bytes * 8],
    [259, 3, 1, 1],
    [262, 3, 1, rgb ? 2 : 1],
    [273, 4, 1, head.length],
    [277, 3, 1, channels],
    [278, 4, 1, height],
    [279, 4, 1, pixels.length],
    [284, 3, 1, 1],
    [339, 3, channels, rgb ? 14 : format],
  ];
  const ifd = Buffer.alloc(2 + tags.length * 12 + 4);
  ifd.writeUInt16LE(tags.length, 0);
  tags.forEach(([tag, kind, count, value], i) => {
    const at = 2 + i * 12;
    ifd.writeUInt16LE(tag, at);
    ifd.writeUInt16LE(kind, at + 2);
    ifd.writeUInt32LE(count, at + 4);
    // A value that fits in 4 bytes sits in the entry itself, left-aligned.
    if (kind === 3 && count === 1) ifd.writeUInt16LE(value, at + 8);
    else ifd.writeUInt32LE(value, at + 8);
  });
  return Buffer.concat([head, pixels, ifd]);
}
