/**
 * Width and height from a JPEG (SOFn segment) or PNG (IHDR) header without decoding, or
 * undefined for other formats or a header this reader does not understand. Saves sharp a
 * metadata() round trip per sample when an RLE mask needs the image's size.
 */
export function headerSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const u16 = (i: number): number => ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes.length >= 24) {
    const u32 = (i: number): number => u16(i) * 65536 + u16(i + 2);
    return { width: u32(16), height: u32(20) };
  }
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1] as number;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16(i + 5), width: u16(i + 7) };
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    i += 2 + u16(i + 2);
  }
  return undefined;
}
