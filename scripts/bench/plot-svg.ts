/**
 * `plotSvg` draws server CPU (% of one core) and RSS (MB) against the stream count, one line per server,
 * as a standalone SVG (two panels side by side).
 */
import type { PointResult } from './bench-point.js';

const COLORS: Record<string, string> = {
  inlet: '#1f77b4',
  'inlet-lean': '#2ca02c',
  nms: '#d62728',
  'inlet-ll': '#9467bd',
};
const W = 420;
const H = 300;
const PAD = { left: 56, right: 16, top: 30, bottom: 44 };

function niceMax(x: number): number {
  if (x <= 0) {
    return 1;
  }
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function panel(
  x0: number,
  title: string,
  unit: string,
  series: Map<string, { x: number; y: number }[]>,
): string {
  const all = [...series.values()].flat();
  const xMax = niceMax(Math.max(...all.map((p) => p.x), 1));
  const yMax = niceMax(Math.max(...all.map((p) => p.y), 1));
  const px = (x: number): number => x0 + PAD.left + (x / xMax) * (W - PAD.left - PAD.right);
  const py = (y: number): number => PAD.top + (1 - y / yMax) * (H - PAD.top - PAD.bottom);
  const out: string[] = [];
  out.push(`<text x="${x0 + W / 2}" y="18" text-anchor="middle" font-size="14">${title}</text>`);
  out.push(`<line x1="${px(0)}" y1="${py(0)}" x2="${px(xMax)}" y2="${py(0)}" stroke="#000"/>`);
  out.push(`<line x1="${px(0)}" y1="${py(0)}" x2="${px(0)}" y2="${py(yMax)}" stroke="#000"/>`);
  for (let i = 0; i <= 5; i++) {
    const xv = (xMax * i) / 5;
    const yv = (yMax * i) / 5;
    out.push(
      `<text x="${px(xv)}" y="${py(0) + 16}" text-anchor="middle" font-size="11">${Math.round(xv)}</text>`,
    );
    out.push(
      `<text x="${px(0) - 6}" y="${py(yv) + 4}" text-anchor="end" font-size="11">${Math.round(yv * 10) / 10}</text>`,
    );
    out.push(`<line x1="${px(0)}" y1="${py(yv)}" x2="${px(xMax)}" y2="${py(yv)}" stroke="#ddd"/>`);
  }
  out.push(
    `<text x="${x0 + W / 2}" y="${H - 8}" text-anchor="middle" font-size="12">streams (3 Mbit/s each)</text>`,
  );
  out.push(
    `<text x="${x0 + 14}" y="${H / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 ${x0 + 14} ${H / 2})">${unit}</text>`,
  );
  let legendY = PAD.top + 6;
  for (const [name, points] of series) {
    const color = COLORS[name] ?? '#555';
    const sorted = [...points].sort((a, b) => a.x - b.x);
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${sorted.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const p of sorted) {
      out.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${color}"/>`);
    }
    out.push(`<rect x="${px(0) + 10}" y="${legendY - 8}" width="10" height="10" fill="${color}"/>`);
    out.push(`<text x="${px(0) + 24}" y="${legendY + 1}" font-size="11">${name}</text>`);
    legendY += 15;
  }
  return out.join('\n');
}

/** `plotSvg`: see the module comment. */
export function plotSvg(points: readonly PointResult[]): string {
  const cpu = new Map<string, { x: number; y: number }[]>();
  const rss = new Map<string, { x: number; y: number }[]>();
  for (const p of points) {
    if (p.server === 'inlet-ll') {
      continue;
    }
    cpu.set(p.server, [...(cpu.get(p.server) ?? []), { x: p.streams, y: p.cpuPercent }]);
    rss.set(p.server, [...(rss.get(p.server) ?? []), { x: p.streams, y: p.rssBytes / 1e6 }]);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    panel(0, 'Server CPU', '% of one core', cpu),
    panel(W, 'Server RSS', 'MB', rss),
    '</svg>',
    '',
  ].join('\n');
}
