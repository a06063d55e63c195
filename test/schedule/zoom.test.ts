import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import sharp from 'sharp';
import { cli } from '../helpers/cli.js';
import { workDir } from '../helpers/clips.js';
import { hasShared, IMAGES, MODELS } from '../helpers/shared.js';

const SIDE = 128;

async function grey(path: string): Promise<Float32Array> {
  const { data } = await sharp(path).greyscale().raw().toBuffer({ resolveWithObject: true });
  return Float32Array.from(data);
}

/**
 * The previous frame magnified about its centre by `scale`, sampled bilinearly here in the test:
 * a measure written apart from dreamreel's own zoom code (src/flow/affine.ts).
 */
function magnified(image: Float32Array, scale: number): Float32Array {
  const out = new Float32Array(SIDE * SIDE);
  const c = (SIDE - 1) / 2;
  const at = (x: number, y: number): number => image[Math.min(SIDE - 1, Math.max(0, y)) * SIDE + Math.min(SIDE - 1, Math.max(0, x))]!;
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++) {
      const [sx, sy] = [c + (x - c) / scale, c + (y - c) / scale];
      const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
      const [fx, fy] = [sx - x0, sy - y0];
      out[y * SIDE + x] = (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
    }
  return out;
}

/** Mean absolute difference over the middle half, away from the edges the zoom smears. */
function centreDifference(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  let n = 0;
  for (let y = SIDE / 4; y < (3 * SIDE) / 4; y++)
    for (let x = SIDE / 4; x < (3 * SIDE) / 4; x++) {
      sum += Math.abs(a[y * SIDE + x]! - b[y * SIDE + x]!);
      n++;
    }
  return sum / n;
}

/** The zoom from one frame to the next: the scale whose magnification of the previous frame matches it best. */
async function measuredZoom(previous: string, next: string): Promise<number> {
  const [before, target] = [await grey(previous), await grey(next)];
  let best = { scale: 1, error: Infinity };
  for (let k = 0; k <= 80; k++) {
    const scale = 1 + k * 0.005;
    const error = centreDifference(magnified(before, scale), target);
    if (error < best.error) best = { scale, error };
  }
  return best.scale;
}

describe.runIf(hasShared)('a scheduled --zoom on real pixels', () => {
  it("zooms each frame by that frame's value of the schedule", async () => {
    process.env.DREAMREEL_MODELS = MODELS;
    const dir = workDir();
    const frames = join(dir, 'frames');
    // The dream is kept faint (tiny steps) so the frames show the zoom, not the dream.
    const { code, stderr } = await cli([
      'zoom',
      `${IMAGES}/astronaut.png`,
      '-o',
      join(dir, 'z.mp4'),
      '--size',
      `${SIDE}x${SIDE}`,
      '--frames',
      '5',
      '--frames-dir',
      frames,
      '--octaves',
      '1',
      '--steps',
      '1',
      '--steps-next',
      '1',
      '--lr',
      '0.00001',
      '-l',
      'inception_3b/output',
      '--backend',
      'ort-cpu',
      '--plain',
      '--zoom',
      '0:(1.05), 4:(1.35)',
    ]);
    expect(code, stderr).toBe(0);
    const file = (i: number): string => join(frames, `frame-${String(i).padStart(6, '0')}.png`);
    const measured: number[] = [];
    for (let i = 1; i < 5; i++) measured.push(await measuredZoom(file(i - 1), file(i)));
    // Frame i is the frame before it zoomed by the schedule at i: 1.125, 1.2, 1.275, 1.35.
    const scheduled = [1.125, 1.2, 1.275, 1.35];
    for (const [i, scale] of measured.entries())
      expect(Math.abs(scale - scheduled[i]!), `frame ${i + 1}: measured ${measured.join(', ')}`).toBeLessThanOrEqual(0.01);
    // And a constant zoom would not: the measured steps differ frame to frame.
    expect(measured[3]! - measured[0]!).toBeGreaterThan(0.2);
  });
});
