/**
 * `plotSvg` draws server CPU (% of one core) and RSS (MB) against the stream count as a standalone SVG:
 * one row of two panels per publisher kind, one line per server (nginx-rtmp, Node-Media-Server, Inlet
 * with one worker and with its default worker count; Inlet solid for one live event per stream, dashed for
 * one live event with N stream names).
 */
import { normalizePoint, type PointResult } from './bench-types.js';
import { serverTitle } from './bench-tables.js';

const COLORS: Record<string, string> = {
  nginx: '#ff7f0e',
  nms: '#d62728',
  inlet: '#1f77b4',
  'inlet-workers': '#17becf',
  'inlet-lean': '#2ca02c',
  'inlet-ingest': '#8c564b',
};

interface Series {
  readonly label: string;
  readonly color: string;
  readonly dashed: boolean;
  readonly points: { x: number; y: number }[];
}
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

function panel(x0: number, y0: number, title: string, unit: string, series: readonly Series[]): string {
  const all = series.flatMap((s) => s.points);
  const xMax = niceMax(Math.max(...all.map((p) => p.x), 1));
  const yMax = niceMax(Math.max(...all.map((p) => p.y), 1));
  const px = (x: number): number => x0 + PAD.left + (x / xMax) * (W - PAD.left - PAD.right);
  const py = (y: number): number => y0 + PAD.top + (1 - y / yMax) * (H - PAD.top - PAD.bottom);
  const out: string[] = [];
  out.push(`<text x="${x0 + W / 2}" y="${y0 + 18}" text-anchor="middle" font-size="14">${title}</text>`);
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
    `<text x="${x0 + W / 2}" y="${y0 + H - 8}" text-anchor="middle" font-size="12">streams (3 Mbit/s each)</text>`,
  );
  out.push(
    `<text x="${x0 + 14}" y="${y0 + H / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 ${x0 + 14} ${y0 + H / 2})">${unit}</text>`,
  );
  let legendY = y0 + PAD.top + 6;
  for (const s of series) {
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${sorted.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const p of sorted) {
      out.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${s.color}"/>`);
    }
    out.push(
      `<line x1="${px(0) + 8}" y1="${legendY - 3}" x2="${px(0) + 22}" y2="${legendY - 3}" stroke="${s.color}" stroke-width="2"${dash}/>`,
    );
    out.push(`<text x="${px(0) + 26}" y="${legendY + 1}" font-size="11">${escapeXml(s.label)}</text>`);
    legendY += 15;
  }
  return out.join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `plotSvg`: see the module comment (`workers`: Inlet's default worker count, for the legend). */
export function plotSvg(saved: readonly PointResult[], workers?: number): string {
  const points = saved.map((p) => normalizePoint(p)).filter((p) => p.server !== 'inlet-ll');
  const kinds = [...new Set(points.map((p) => p.publisher))].sort();
  const rows: string[] = [];
  kinds.forEach((kind, row) => {
    const cpu = new Map<string, Series>();
    const rss = new Map<string, Series>();
    for (const p of points.filter((x) => x.publisher === kind)) {
      const key = `${p.server}|${p.topology}`;
      const label = serverTitle(p.server, workers) + (p.topology === 'any' ? '' : `, ${p.topology}`);
      const base = { label, color: COLORS[p.server] ?? '#555', dashed: p.topology === 'one-event' };
      const c = cpu.get(key) ?? { ...base, points: [] };
      const r = rss.get(key) ?? { ...base, points: [] };
      c.points.push({ x: p.streams, y: p.cpuPercent });
      r.points.push({ x: p.streams, y: p.rssBytes / 1e6 });
      cpu.set(key, c);
      rss.set(key, r);
    }
    const publishers = kind === 'ffmpeg' ? 'ffmpeg publishers' : 'load generator';
    rows.push(
      panel(0, row * H, `Server CPU, ${publishers}`, '% of one core', [...cpu.values()]),
      panel(W, row * H, `Server RSS, ${publishers}`, 'MB', [...rss.values()]),
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${Math.max(1, kinds.length) * H}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}
