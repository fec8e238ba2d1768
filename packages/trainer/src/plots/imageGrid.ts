/** Compose raw images and masks into one labelled PNG grid with sharp (predictions, explore). */
import sharp, { type OverlayOptions } from 'sharp';

/** A raw image: `channels` 3 (RGB uint8) or 1 (grey uint8; masks of 0/1 are stretched to 0/255). */
export interface RawTile {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
  /** True for 0/1 masks, drawn black and white. */
  mask?: boolean;
}

/** Grid layout options: cell width in pixels; titles above the columns and left of the rows. */
export interface GridOptions {
  cellWidth?: number;
  columnTitles?: string[];
  rowTitles?: string[];
}

const PAD = 6;
const TITLE_H = 26;
const ROW_TITLE_W = 120;

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One tile as an RGB PNG of `width` x `height` (masks scaled from 0/1 to 0/255). */
async function tilePng(tile: RawTile, width: number, height: number): Promise<Buffer> {
  let data = tile.data;
  if (tile.mask) data = Uint8Array.from(tile.data, (v) => (v ? 255 : 0));
  return sharp(data, { raw: { width: tile.width, height: tile.height, channels: tile.channels } })
    .resize(width, height, { fit: 'fill', kernel: tile.mask ? 'nearest' : 'lanczos3' })
    .toColourspace('srgb')
    .png()
    .toBuffer();
}

/** A PNG of `rows` (each a list of tiles) with optional titles; cells keep the first tile's aspect. */
export async function renderImageGrid(rows: RawTile[][], options: GridOptions = {}): Promise<Buffer> {
  const first = rows[0]?.[0];
  if (!first) throw new RangeError('renderImageGrid needs at least one tile; received an empty grid');
  const cellW = options.cellWidth ?? 192;
  const cellH = Math.max(1, Math.round((cellW * first.height) / first.width));
  const cols = Math.max(...rows.map((r) => r.length));
  const top = options.columnTitles ? TITLE_H : 0;
  const left = options.rowTitles ? ROW_TITLE_W : 0;
  const width = left + PAD + cols * (cellW + PAD);
  const height = top + PAD + rows.length * (cellH + PAD);
  const layers: OverlayOptions[] = [];
  for (const [r, row] of rows.entries()) {
    for (const [c, tile] of row.entries()) {
      layers.push({ input: await tilePng(tile, cellW, cellH), left: left + PAD + c * (cellW + PAD), top: top + PAD + r * (cellH + PAD) });
    }
  }
  const texts: string[] = [];
  for (const [c, title] of (options.columnTitles ?? []).entries()) {
    const x = left + PAD + c * (cellW + PAD) + cellW / 2;
    texts.push(`<text x="${x}" y="${TITLE_H - 8}" text-anchor="middle">${escapeXml(title)}</text>`);
  }
  for (const [r, title] of (options.rowTitles ?? []).entries()) {
    const y = top + PAD + r * (cellH + PAD) + cellH / 2;
    texts.push(`<text x="${PAD}" y="${y}" font-size="12">${escapeXml(title)}</text>`);
  }
  if (texts.length > 0) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans" font-size="15">${texts.join('')}</svg>`;
    layers.push({ input: Buffer.from(svg), left: 0, top: 0 });
  }
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).composite(layers).png().toBuffer();
}
