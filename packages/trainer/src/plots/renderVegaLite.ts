/** Render a Vega-Lite spec to PNG without a browser: vega-lite → vega → SVG → sharp. */
import sharp from 'sharp';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * The PNG bytes of `spec`. Text is drawn by librsvg through fontconfig: on a machine without fonts
 * (Debian: install fonts-dejavu-core) the chart renders without its labels.
 */
export async function renderVegaLite(spec: TopLevelSpec, scale = 2): Promise<Buffer> {
  const vegaSpec = compile(spec).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG(scale);
    return await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toBuffer();
  } finally {
    view.finalize();
  }
}
