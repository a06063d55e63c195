import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dream/models/load-model.js';
import { startEngine } from '../../src/dream/engines/select-engine.js';
import type { DreamEngine } from '../../src/dream/engine.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { dream } from '../../src/dream/ascent.js';
import { DEFAULT_DREAM } from '../../src/dream/settings.js';
import { spans, tiledLossAndGradient } from '../../src/dream/tiling.js';
import { hasShared, MODELS, photo } from '../helpers/shared.js';

const W = 192;
const H = 128;
const TILE = 64;
const LAYER = 'inception_3b/output';

/**
 * How sharply a per-pixel field (the dream's change to the picture, or a gradient) jumps between
 * neighbouring columns and rows: mean |f(p) - f(p - 1)| for each column boundary x (and row boundary y).
 */
function jumps(field: Float32Array): { columns: number[]; rows: number[] } {
  const columns = new Array<number>(W).fill(0);
  const rows = new Array<number>(H).fill(0);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      for (let c = 0; c < 3; c++) {
        const v = field[(y * W + x) * 3 + c]!;
        if (x > 0) columns[x]! += Math.abs(v - field[(y * W + x - 1) * 3 + c]!) / (3 * H);
        if (y > 0) rows[y]! += Math.abs(v - field[((y - 1) * W + x) * 3 + c]!) / (3 * W);
      }
  return { columns, rows };
}

const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;

/** Jumps across the tile borders (where tiles meet) over jumps inside the tiles (2 px or more from a border). */
function seamRatio(field: Float32Array): number {
  const { columns, rows } = jumps(field);
  const borders = (size: number): number[] => spans(size, TILE).slice(1).map(([start]) => start);
  const [bx, by] = [borders(W), borders(H)];
  const away = (p: number, b: number[]): boolean => p > 0 && b.every((s) => Math.abs(p - s) >= 2);
  const across = mean([...bx.map((x) => columns[x]!), ...by.map((y) => rows[y]!)]);
  const inside = mean([...columns.filter((_, x) => away(x, bx)), ...rows.filter((_, y) => away(y, by))]);
  return across / inside;
}

/** The tallest single column or row jump over the median one: a seam anywhere, wherever the tiles were. */
function tallestJump(field: Float32Array): number {
  const { columns, rows } = jumps(field);
  const all = [...columns.slice(1), ...rows.slice(1)].sort((a, b) => a - b);
  return all.at(-1)! / all[Math.floor(all.length / 2)]!;
}

describe.runIf(hasShared)('tiling: no seam shows at tile borders', { timeout: 600_000 }, () => {
  let engine: DreamEngine;
  beforeAll(async () => {
    engine = await startEngine('ort-cpu', await loadModel(`${MODELS}/bvlc_googlenet`));
  });
  afterAll(async () => engine?.dispose());

  it('the measure sees the seams of one tiled gradient, whose tiles stay in place', async () => {
    const image = await photo('chelsea.png', W, H);
    const { gradient } = await tiledLossAndGradient(engine, image, objectives.layer(LAYER), TILE);
    const whole = await engine.lossAndGradient(image, objectives.layer(LAYER));
    // Each tile is padded at its own edges: the tiled gradient breaks at the borders, the whole one does not.
    expect(seamRatio(gradient)).toBeGreaterThan(1.5);
    expect(seamRatio(whole.gradient)).toBeLessThan(1.25);
  });

  it('a tiled dream changes the picture as smoothly across the tile borders as inside the tiles', async () => {
    const source = await photo('chelsea.png', W, H);
    const dreamed = await dream(engine, source, objectives.layer(LAYER), { ...DEFAULT_DREAM, octaves: 1, steps: 12, tileSize: TILE, seed: 7 });
    const change = dreamed.data.map((v, i) => v - source.data[i]!);
    const figures = `seam ratio ${seamRatio(change).toFixed(3)}, tallest jump ${tallestJump(change).toFixed(2)}x the median`;
    expect(seamRatio(change), figures).toBeLessThan(1.2);
    expect(tallestJump(change), figures).toBeLessThan(2.5);
  });
});
