/** What an image folder with no readable image holds instead, so its empty-dir problem can say what to convert. */
import { extname } from 'node:path';

/** Photo formats Maskflow does not decode, with a one-line way to convert them (ImageMagick). */
const CONVERTIBLE = new Set(['.heic', '.heif', '.avif', '.bmp', '.jp2', '.jxl', '.dng', '.cr2', '.nef', '.arw', '.ppm', '.pgm', '.pnm', '.dcm', '.npy']);

/**
 * `""` when `names` hold no files, else `; found N other file(s) (.HEIC 2, .bmp 1)` and, when
 * some are photo formats it knows, how to convert them.
 */
export function describeOtherFiles(names: readonly string[]): string {
  if (names.length === 0) return '';
  const counts = new Map<string, number>();
  for (const name of names) {
    const ext = extname(name) || '(no extension)';
    counts.set(ext, (counts.get(ext) ?? 0) + 1);
  }
  const shown = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([ext, n]) => `${ext} ${n}`).join(', ');
  const photos = [...counts.keys()].filter((ext) => CONVERTIBLE.has(ext.toLowerCase()));
  const convert = photos.length === 0 ? '' : `; convert them first, for example \`mogrify -format png *${photos[0]}\` (ImageMagick)`;
  return `; found ${names.length} other file(s) (${shown}${counts.size > 5 ? ', ...' : ''})${convert}`;
}
