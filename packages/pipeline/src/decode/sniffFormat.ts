/** Image container formats the pipeline recognises by their first bytes. */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'unknown';

/** Recognise JPEG, PNG, GIF, WebP and TIFF (either byte order) by their magic bytes. */
export function sniffFormat(bytes: Uint8Array): ImageFormat {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return 'gif';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50) {
    return 'webp';
  }
  // "II*\0" (little-endian) or "MM\0*" (big-endian); BigTIFF has 43 in place of 42.
  if ((b(0) === 0x49 && b(1) === 0x49 && (b(2) === 42 || b(2) === 43) && b(3) === 0) || (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && (b(3) === 42 || b(3) === 43))) {
    return 'tiff';
  }
  return 'unknown';
}

/**
 * Whether a WebP holds lossy (VP8) image data rather than lossless (VP8L): its chunks, from byte
 * 12 on, are a fourcc, a little-endian size and the data padded to an even length.
 */
export function isLossyWebp(bytes: Uint8Array): boolean {
  const fourcc = (i: number): string => String.fromCharCode(bytes[i] ?? 0, bytes[i + 1] ?? 0, bytes[i + 2] ?? 0, bytes[i + 3] ?? 0);
  for (let i = 12; i + 8 <= bytes.length; ) {
    const kind = fourcc(i);
    if (kind === 'VP8 ') return true;
    if (kind === 'VP8L') return false;
    const size = ((bytes[i + 4] ?? 0) | ((bytes[i + 5] ?? 0) << 8) | ((bytes[i + 6] ?? 0) << 16) | ((bytes[i + 7] ?? 0) << 24)) >>> 0;
    i += 8 + size + (size & 1);
  }
  return false;
}
