import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import type { AudioAnalysis, FeatureName } from './features.js';

const COLOURS: Record<FeatureName, string> = { rms: '#e8e8e8', bass: '#ff6b4a', mid: '#ffc94a', treble: '#4ad8ff', onset: '#b58cff', beat: '#7dff7a' };
const [WIDTH, LANE, LEFT, TOP, BOTTOM] = [960, 64, 70, 34, 30];

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One lane: the feature's curve over time, filled down to its baseline, with its name. */
function lane(name: FeatureName, values: Float32Array, index: number, plotWidth: number): string {
  const top = TOP + index * LANE;
  const base = top + LANE - 8;
  const x = (f: number) => (LEFT + (values.length > 1 ? (f / (values.length - 1)) * plotWidth : 0)).toFixed(1);
  const y = (v: number) => (base - v * (LANE - 14)).toFixed(1);
  const points = Array.from(values, (v, f) => `${x(f)},${y(v)}`).join(' ');
  return [
    `<line x1="${LEFT}" y1="${base}" x2="${LEFT + plotWidth}" y2="${base}" stroke="#333"/>`,
    `<polygon points="${x(0)},${base} ${points} ${x(values.length - 1)},${base}" fill="${COLOURS[name]}" fill-opacity="0.25" stroke="none"/>`,
    `<polyline points="${points}" fill="none" stroke="${COLOURS[name]}" stroke-width="1.2"/>`,
    `<text x="${LEFT - 8}" y="${base - (LANE - 14) / 2 + 4}" text-anchor="end" fill="${COLOURS[name]}">${name}</text>`,
  ].join('\n');
}

/** Seconds along the bottom, about every 80 pixels at a round step. */
function timeAxis(seconds: number, plotWidth: number, y: number): string {
  const steps = [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
  const step = steps.find((s) => (s / Math.max(seconds, 1e-6)) * plotWidth >= 80) ?? 600;
  const ticks: string[] = [];
  for (let t = 0; t <= seconds + 1e-9; t += step) {
    const x = (LEFT + (t / Math.max(seconds, 1e-6)) * plotWidth).toFixed(1);
    ticks.push(
      `<line x1="${x}" y1="${TOP}" x2="${x}" y2="${y}" stroke="#2a2a2a"/><text x="${x}" y="${y + 16}" text-anchor="middle" fill="#999">${+t.toFixed(2)}s</text>`,
    );
  }
  return ticks.join('\n');
}

/** The features against time as an SVG document. */
export function featuresSvg(analysis: AudioAnalysis, title: string): string {
  const names = Object.keys(analysis.features) as FeatureName[];
  const plotWidth = WIDTH - LEFT - 16;
  const height = TOP + names.length * LANE + BOTTOM;
  const seconds = analysis.frames / analysis.fps;
  const heading = `${title} · ${analysis.frames} frames at ${analysis.fps} fps${analysis.bpm ? ` · ${analysis.bpm.toFixed(1)} BPM` : ''}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#111"/>`,
    `<text x="${LEFT}" y="20" fill="#ddd" font-size="13">${escapeXml(heading)}</text>`,
    timeAxis(seconds, plotWidth, TOP + names.length * LANE),
    ...names.map((name, i) => lane(name, analysis.features[name], i, plotWidth)),
    '</svg>',
  ].join('\n');
}

/** Draws the features to a PNG, written under a temporary name and renamed once complete. */
export async function plotFeatures(analysis: AudioAnalysis, output: string, title: string): Promise<void> {
  const partial = join(dirname(output), `.${basename(output)}.partial.png`);
  try {
    await sharp(Buffer.from(featuresSvg(analysis, title)))
      .png()
      .toFile(partial);
    await rename(partial, output);
  } finally {
    await rm(partial, { force: true });
  }
}
