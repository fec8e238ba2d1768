import type { BenchResult } from './measure.js';

/** A round tick step (1, 2 or 5 times a power of ten) giving about five ticks up to `max`. */
function tickStep(max: number): number {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power) as number;
}

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];

/**
 * An SVG line chart of images/s against threads, one line per batch size: solid for cold
 * (first mask source), dashed for warm. Plain SVG text, no dependency.
 */
export function throughputChart(results: BenchResult[], maskSource: 'rle' | 'file'): string {
  const W = 640;
  const H = 400;
  const m = { l: 60, r: 150, t: 30, b: 45 };
  const rows = results.filter((r) => (r.mode === 'cold' && r.maskSource === maskSource) || r.mode === 'warm');
  const threads = [...new Set(rows.map((r) => r.threads))].sort((a, b) => a - b);
  const batches = [...new Set(rows.map((r) => r.batch))].sort((a, b) => a - b);
  const step = tickStep(Math.max(1, ...rows.map((r) => r.imagesPerSecond)) * 1.05);
  const maxY = step * Math.ceil((Math.max(1, ...rows.map((r) => r.imagesPerSecond)) * 1.05) / step);
  const x = (t: number): number => m.l + (threads.length <= 1 ? 0.5 : threads.indexOf(t) / (threads.length - 1)) * (W - m.l - m.r);
  const y = (v: number): number => H - m.b - (v / maxY) * (H - m.t - m.b);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.l}" y="18" font-size="14">@maskflow/pipeline: images/s vs threads (solid cold ${maskSource}, dashed warm)</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="black"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="black"/>`,
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" text-anchor="middle">threads</text>`,
  ];
  for (const t of threads) parts.push(`<text x="${x(t)}" y="${H - m.b + 16}" text-anchor="middle">${t}</text>`);
  for (let v = 0; v <= maxY + step / 2; v += step) {
    parts.push(`<text x="${m.l - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(0)}</text>`);
    parts.push(`<line x1="${m.l}" y1="${y(v)}" x2="${W - m.r}" y2="${y(v)}" stroke="#ddd"/>`);
  }
  batches.forEach((b, i) => {
    const colour = COLOURS[i % COLOURS.length] as string;
    for (const mode of ['cold', 'warm'] as const) {
      const pts = rows.filter((r) => r.batch === b && r.mode === mode).sort((p, q) => p.threads - q.threads);
      if (pts.length === 0) continue;
      const dash = mode === 'warm' ? ' stroke-dasharray="5,4"' : '';
      parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${pts.map((p) => `${x(p.threads).toFixed(1)},${y(p.imagesPerSecond).toFixed(1)}`).join(' ')}"/>`);
      for (const p of pts) parts.push(`<circle cx="${x(p.threads).toFixed(1)}" cy="${y(p.imagesPerSecond).toFixed(1)}" r="3" fill="${colour}"/>`);
    }
    parts.push(`<text x="${W - m.r + 12}" y="${m.t + 16 * i + 10}" fill="${colour}">batch ${b}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
