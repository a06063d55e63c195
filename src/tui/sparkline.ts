const BARS = '▁▂▃▄▅▆▇█';

/** Values as a row of block characters scaled between their min and max; the newest `width` shown. */
export function sparkline(values: readonly number[], width: number): string {
  const shown = values.slice(Math.max(0, values.length - width));
  if (shown.length === 0) return '';
  const lo = Math.min(...shown);
  const hi = Math.max(...shown);
  return shown.map((v) => BARS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))]).join('');
}
