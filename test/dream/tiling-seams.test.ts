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
  const borders = (size: number): number[] =>
    spans(size, TILE)
      .slice(1)
      .map(([start]) => start);
  const [bx, by] = [borders(W), borders(H)];
  const away = (p: number, b: number[]): boolean => p > 0 && b.every((s) => Math.abs(p - s) >= 2);
  const across = mean([...bx.map((x) => columns[x]!), ...by.map((y) => rows[y]!)]);
  const inside = mean([...columns.filter((_, x) => away(x, bx)), ...rows.filter((_, y) => away(y, by))]);
  return across / inside;
}

/** Mean |f| within 2 px of a tile border over mean |f| 8 px or more from any border (1: no band at the seams). */
function bandRatio(field: Float32Array): number {
  const near = (p: number, b: number[], d: number): boolean => b.some((s) => Math.abs(p + 0.5 - s) <= d);
  const [bx, by] = [
    spans(W, TILE)
      .slice(1)
      .map(([s]) => s),
    spans(H, TILE)
      .slice(1)
      .map(([s]) => s),
  ];
  let [band, bandN, inner, innerN] = [0, 0, 0, 0];
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const v = (Math.abs(field[(y * W + x) * 3]!) + Math.abs(field[(y * W + x) * 3 + 1]!) + Math.abs(field[(y * W + x) * 3 + 2]!)) / 3;
      if (near(x, bx, 2) || near(y, by, 2)) {
        band += v;
        bandN++;
      } else if (!near(x, bx, 8) && !near(y, by, 8)) {
        inner += v;
        innerN++;
      }
    }
  return band / bandN / (inner / innerN);
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
    // Each tile is padded at its own edges: the tiled gradient is weak in a band along the borders
    // (0.58 of inside when measured), the gradient of the whole picture is not.
    expect(bandRatio(gradient)).toBeLessThan(0.75);
    expect(bandRatio(whole.gradient)).toBeGreaterThan(0.9);
    expect(bandRatio(whole.gradient)).toBeLessThan(1.1);
  });

  // Without jitter only the random tile offset moves the seams: with the offset fixed at 0 the same
  // dream measured band 0.72 and jumps 0.88 here, so these bounds fail when the offset is lost.
  it.each([
    ['default jitter', DEFAULT_DREAM.jitter],
    ['no jitter', 0],
  ])('a tiled dream (%s) changes the picture as evenly along the tile borders as inside the tiles', async (_, jitter) => {
    const source = await photo('chelsea.png', W, H);
    const dreamed = await dream(engine, source, objectives.layer(LAYER), { ...DEFAULT_DREAM, octaves: 1, steps: 12, tileSize: TILE, seed: 7, jitter });
    const change = dreamed.data.map((v, i) => v - source.data[i]!);
    const [band, seams] = [bandRatio(change), seamRatio(change)];
    const figures = `band ${band.toFixed(3)}, jumps across/inside ${seams.toFixed(3)}`;
    expect(band, figures).toBeGreaterThan(0.85);
    expect(band, figures).toBeLessThan(1.15);
    expect(seams, figures).toBeGreaterThan(0.9);
    expect(seams, figures).toBeLessThan(1.15);
  });
});
