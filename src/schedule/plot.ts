/** A schedule's curve as an SVG line chart: values against frames, with the range and the time marked. */
export interface PlotOptions {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Shown above the curve: the schedule as given. */
  readonly title: string;
}

const escapeXml = (text: string): string => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Round numbers for axis labels: 4 significant digits, no float noise. */
const label = (v: number): string => String(+v.toPrecision(4));

/** The value range drawn: the curve's own, widened a little so a flat line sits mid-plot. */
function valueRange(values: ArrayLike<number>): [number, number] {
  let [low, high] = [Infinity, -Infinity];
  for (let i = 0; i < values.length; i++) [low, high] = [Math.min(low, values[i]!), Math.max(high, values[i]!)];
  if (high - low < 1e-9) return [low - Math.max(1, Math.abs(low)) * 0.05, high + Math.max(1, Math.abs(high)) * 0.05];
  const pad = (high - low) * 0.06;
  return [low - pad, high + pad];
}

export function plotSvg(values: ArrayLike<number>, o: PlotOptions): string {
  const [left, right, top, bottom] = [64, 16, 28, 36];
  const [w, h] = [o.width - left - right, o.height - top - bottom];
  const [low, high] = valueRange(values);
  const x = (frame: number): number => left + (values.length <= 1 ? 0 : (frame / (values.length - 1)) * w);
  const y = (v: number): number => top + h - ((v - low) / (high - low)) * h;
  const points = Array.from({ length: values.length }, (_, i) => `${x(i).toFixed(1)},${y(values[i]!).toFixed(1)}`).join(' ');
  const grid = [0, 0.25, 0.5, 0.75, 1].map((k) => {
    const v = low + (high - low) * k;
    return `<line x1="${left}" x2="${left + w}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e3e3e8"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${label(v)}</text>`;
  });
  const last = Math.max(0, values.length - 1);
  const anchors = ['start', 'middle', 'end'];
  const ticks = [0, Math.round(last / 2), last].map(
    (f, i) => `<text x="${x(f).toFixed(1)}" y="${top + h + 16}" text-anchor="${anchors[i]}">${f} (${label(f / o.fps)} s)</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" font-family="DejaVu Sans, sans-serif" font-size="11" fill="#333">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${left}" y="17" font-size="12">${escapeXml(o.title.length > 90 ? o.title.slice(0, 89) + '…' : o.title)}</text>`,
    ...grid,
    ...ticks,
    `<text x="${left + w / 2}" y="${o.height - 4}" text-anchor="middle" fill="#777">frame (seconds at ${label(o.fps)} fps)</text>`,
    `<polyline points="${points}" fill="none" stroke="#6a3fd0" stroke-width="2" stroke-linejoin="round"/>`,
    `</svg>`,
  ].join('\n');
}
