import { describe, expect, it, beforeAll } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { hasShared, MODELS } from '../helpers/shared.js';
import { workDir } from '../helpers/clips.js';
import { readImage } from '../../src/pipeline/image-io.js';
import type { RgbImage } from '../../src/image/image.js';
import { crossingClip, crossingGhosting, decodeAll, mean, panFlicker, pannedClip, strength, type Crossing } from '../helpers/known-motion.js';

const W = 160;
const H = 96;
const PAN = { dx: 3, dy: 1 };
const CROSSING: Crossing = { size: 32, x0: 12, y: 30, speed: 4 };
/** Every clip here, baselines included, has this many frames. */
const FRAMES = 8;
/** How many of the object's past positions the ghosting band covers. */
const TRAIL = 6;

/**
 * The default render against per-frame dreaming on clips whose motion is known exactly, judged
 * by that known motion alone (the product's own flow never judges the product). Default dream
 * settings; only the seed and the backend are fixed.
 */
describe.runIf(hasShared)('steady carry: steady and strong video dreams', () => {
  const dir = workDir();
  beforeAll(() => {
    process.env.DREAMREEL_MODELS = MODELS;
  });

  async function render(clip: string, name: string, extra: string[] = []): Promise<RgbImage[]> {
    const frames = join(dir, name);
    const { code, stderr } = await cli([
      'render',
      clip,
      '-o',
      join(dir, `${name}.mp4`),
      '--frames-dir',
      frames,
      '--seed',
      '7',
      '--backend',
      'ort-cpu',
      ...extra,
    ]);
    expect(code, stderr).toBe(0);
    return Promise.all(
      readdirSync(frames)
        .sort()
        .map((f) => readImage(join(frames, f))),
    );
  }

  it('flickers at most 0.12x as much as per-frame dreaming while at least 0.9x as strong, where the 0.1 fade was weaker', async () => {
    // Like with like: the baseline dreams the very clip the carry dreams, all eight frames.
    const long = pannedClip(dir, { frames: FRAMES, width: W, height: H, pan: PAN });
    const sources = await decodeAll(long, W, H);
    const off = await render(long, 'pan-off', ['--flow', 'off']);
    const steady = await render(long, 'pan-steady');
    const fade = await render(long, 'pan-fade', ['--carry', 'fade', '--blend', '0.7']);
    const strengthOf = (dreams: RgbImage[], src: RgbImage[]): number => mean(dreams.slice(1).map((d, i) => strength(d, src[i + 1]!)));
    const offFlicker = mean(panFlicker(off, PAN));
    const offStrength = strengthOf(off, sources);
    const figures = `flicker off ${offFlicker.toFixed(2)} steady ${mean(panFlicker(steady, PAN)).toFixed(2)}; strength off ${offStrength.toFixed(2)} steady ${strengthOf(steady, sources).toFixed(2)} fade ${strengthOf(fade, sources).toFixed(2)}`;
    // 0.08x measured; the steady carry before it kept its change by trust, 0.16x.
    expect(mean(panFlicker(steady, PAN)), figures).toBeLessThanOrEqual(0.12 * offFlicker);
    expect(strengthOf(steady, sources), figures).toBeGreaterThanOrEqual(0.9 * offStrength);
    expect(strengthOf(fade, sources), figures).toBeLessThan(0.8 * offStrength);
    if (process.env.DREAMREEL_FIGURES) console.log(figures);
  }, 900_000);

  it('leaves no ghost trail behind an object crossing a still background: at most 0.2x the change of per-frame dreaming', async () => {
    // Like with like: one clip for both, so the ghosting band (the object's last TRAIL positions) is the same.
    const clip = crossingClip(dir, { frames: FRAMES, width: W, height: H, crossing: CROSSING });
    const off = await render(clip, 'cross-off', ['--flow', 'off']);
    const steady = await render(clip, 'cross-steady');
    expect([off.length, steady.length]).toEqual([FRAMES, FRAMES]);
    const [offGhosting, steadyGhosting] = [crossingGhosting(off, CROSSING, TRAIL), crossingGhosting(steady, CROSSING, TRAIL)];
    const figures = `ghosting off ${offGhosting.toFixed(2)} steady ${steadyGhosting.toFixed(2)}`;
    expect(offGhosting, figures).toBeGreaterThan(0);
    // 0.16x measured (0.22x before the change was kept by trust and the jitter held).
    expect(steadyGhosting, figures).toBeLessThanOrEqual(0.2 * offGhosting);
    if (process.env.DREAMREEL_FIGURES) console.log(figures);
  }, 900_000);
});
