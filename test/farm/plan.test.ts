import { describe, expect, it } from 'vitest';
import { planChunks } from '../../src/pipeline/farm/plan.js';
import { blendSeamFrame, seamWeights } from '../../src/pipeline/farm/seam-blend.js';
import { rgbImage, type RgbImage } from '../../src/image/image.js';
import { connectionOptions, FARM_SETTINGS_VERSION, incompatibility, segmentPath, type RenderSpec } from '../../src/pipeline/farm/payload.js';

describe('farm chunk plan', () => {
  it('covers every frame once, every --chunk-frames where there is no cut, preroll only where no cut starts the chunk', () => {
    const chunks = planChunks(1000, [], 240, 12);
    expect(chunks.map((c) => [c.start, c.end, c.preroll])).toEqual([
      [0, 240, 0],
      [240, 480, 12],
      [480, 720, 12],
      [720, 1000, 12],
    ]);
  });

  it('moves a boundary to a nearby scene cut, which needs no preroll', () => {
    const chunks = planChunks(1000, [200, 700], 240, 12);
    expect(chunks.map((c) => [c.start, c.end, c.preroll])).toEqual([
      [0, 200, 0],
      [200, 440, 0],
      [440, 700, 12],
      [700, 940, 0],
      [940, 1000, 12],
    ]);
  });

  it('ignores cuts too close to a chunk start, and never prerolls before frame 0', () => {
    const chunks = planChunks(30, [3], 10, 50);
    expect(chunks.map((c) => [c.start, c.end, c.preroll])).toEqual([
      [0, 10, 0],
      [10, 20, 10],
      [20, 30, 20],
    ]);
    for (const [frames, cuts, size] of [
      [1, [], 5],
      [7, [2, 5], 3],
      [4320, [100, 101, 2000], 240],
    ] as const) {
      const plan = planChunks(frames, cuts, size, 8);
      expect(plan[0]!.start).toBe(0);
      expect(plan.at(-1)!.end).toBe(frames);
      plan.slice(1).forEach((c, i) => expect(c.start).toBe(plan[i]!.end));
    }
  });
});

describe('farm seams', () => {
  it('opens each chunk not at a cut with a seam the previous chunk overlaps, at most half a chunk; hard at cuts', () => {
    const chunks = planChunks(1000, [700], 240, 12, 8);
    expect(chunks.map((c) => [c.start, c.end, c.preroll, c.seam ?? 0, c.overlap ?? 0])).toEqual([
      [0, 240, 0, 0, 8],
      [240, 480, 12, 8, 8],
      [480, 700, 12, 8, 0],
      [700, 940, 0, 0, 8],
      [940, 1000, 12, 8, 0],
    ]);
    expect(planChunks(12, [], 4, 2, 8).map((c) => [c.seam ?? 0, c.overlap ?? 0])).toEqual([
      [0, 2],
      [2, 2],
      [2, 0],
    ]);
    expect(planChunks(1000, [], 240, 12, 0)).toEqual(planChunks(1000, [], 240, 12));
  });

  it('cross-fades residuals at the strength between the two dreams, where a plain mix of two patterns pales', () => {
    const source = rgbImage(64, 1, new Float32Array(192).fill(0.5));
    const pattern = (k: number): RgbImage =>
      rgbImage(
        64,
        1,
        source.data.map((v, i) => v + 0.1 * Math.sign(Math.sin(i * k + k))),
      );
    const [left, right] = [pattern(1.3), pattern(2.9)];
    const strength = (image: RgbImage): number => image.data.reduce((s, v, i) => s + Math.abs(v - source.data[i]!), 0) / image.data.length;
    expect(strength(blendSeamFrame(source, left, right, 0.5))).toBeCloseTo(0.1, 5);
    expect(strength(blendSeamFrame(source, left, right, 0.5, 'plain'))).toBeLessThan(0.08);
    expect(blendSeamFrame(source, left, right, 0).data).toEqual(left.data);
    expect(seamWeights(3)).toEqual([0.25, 0.5, 0.75]);
  });
});

describe('farm jobs', () => {
  const render = { settingsVersion: FARM_SETTINGS_VERSION, dreamreel: '0.1.0', renderId: 'r1', output: '/farm/out.mp4', planKey: 'abc' } as RenderSpec;

  it('a worker refuses a job of another settings version with a clear message', () => {
    expect(incompatibility(render)).toBeUndefined();
    expect(incompatibility({ ...render, settingsVersion: FARM_SETTINGS_VERSION + 1, dreamreel: '9.0.0' })).toMatch(
      /queued by dreamreel 9\.0\.0 .*run the same dreamreel version on every worker/,
    );
  });

  it("keeps segments under the output's checkpoint folder, named by the plan", () => {
    expect(segmentPath(render, 3)).toBe('/farm/out.mp4.dreamreel-checkpoint/chunks-abc/chunk-0003.ts');
  });

  it('reads host, port, password and database from the Redis URL', () => {
    expect(connectionOptions('redis://:s%40cret@queue:6380/2')).toMatchObject({
      host: 'queue',
      port: 6380,
      password: 's@cret',
      db: 2,
      maxRetriesPerRequest: null,
    });
  });
});
