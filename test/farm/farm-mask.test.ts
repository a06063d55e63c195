import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { ffmpeg, workDir } from '../helpers/clips.js';
import { hasShared, IMAGES, MODELS } from '../helpers/shared.js';
import { TestRedis } from '../helpers/redis.js';
import { decodeAll } from '../helpers/known-motion.js';
import { average, discMaskVideo, encodedAsDreamreel, fromEdge, meanLevels, meanLumaLevels } from '../helpers/mask-measures.js';
import { Cli, FAST } from './farm-helpers.js';

const hasRedis = (() => {
  try {
    execFileSync('redis-server', ['--version']);
    return true;
  } catch {
    return false;
  }
})();
if (!hasRedis) console.log('skipping the farm mask test: redis-server is not installed');

describe.runIf(hasShared && hasRedis)('a farm render with a mask video', { timeout: 900_000 }, () => {
  const dir = workDir();
  let redis: TestRedis;
  const workers: Cli[] = [];
  beforeAll(async () => {
    process.env.DREAMREEL_MODELS = MODELS;
    redis = await TestRedis.start();
  });
  afterEach(() => {
    for (const w of workers.splice(0)) w.kill();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("decodes the mask over each chunk's own frames: every chunk dreams inside the disc and keeps the source outside", async () => {
    const [W, H, FRAMES] = [96, 64, 12];
    const clip = join(dir, 'still.mkv');
    ffmpeg([
      '-loop',
      '1',
      '-i',
      `${IMAGES}/rocket.jpg`,
      '-vf',
      `scale=${W}:${H}`,
      '-frames:v',
      String(FRAMES),
      '-r',
      '12',
      '-c:v',
      'libx264',
      '-qp',
      '0',
      '-pix_fmt',
      'yuv444p',
      clip,
    ]);
    // Fast enough that a chunk reading the mask from the clip's start instead of its own would miss the disc.
    const disc = { x0: 14, y: 32, speed: 6, radius: 14 };
    const mask = discMaskVideo(dir, disc, { width: W, height: H, frames: FRAMES, fps: 12 });
    workers.push(Cli.worker(redis.url), Cli.worker(redis.url));
    await Promise.all(workers.map((w) => w.waitFor(/ready for chunks/)));
    const out = join(dir, 'farm.mp4');
    const { code, stderr } = await cli([
      'render',
      clip,
      '-o',
      out,
      '--redis',
      redis.url,
      '--chunk-frames',
      '4',
      '--preroll',
      '2',
      '--mask',
      mask,
      '--mask-feather',
      '2',
      '--json',
      ...FAST,
    ]);
    expect(code, stderr).toBe(0);
    const [source, dreamed] = await Promise.all([decodeAll(clip, W, H), decodeAll(out, W, H)]);
    expect(dreamed).toHaveLength(FRAMES);
    const encoded = await encodedAsDreamreel(source, join(dir, 'source.mp4'));
    for (let t = 0; t < FRAMES; t++) {
      const outside = meanLumaLevels(dreamed[t]!, encoded[t]!, (x, y) => fromEdge(disc, t, x, y) > 5);
      const inside = meanLevels(dreamed[t]!, source[t]!, (x, y) => fromEdge(disc, t, x, y) < -4);
      expect(outside, `frame ${t} outside`).toBeLessThanOrEqual(1.5);
      expect(inside, `frame ${t} inside`).toBeGreaterThan(3 * outside);
    }
    console.log(
      `farm with a mask: outside ${average(dreamed.map((f, t) => meanLumaLevels(f, encoded[t]!, (x, y) => fromEdge(disc, t, x, y) > 5))).toFixed(2)} levels from the encoded source`,
    );
  });
});
