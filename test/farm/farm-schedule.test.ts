import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { workDir } from '../helpers/clips.js';
import { hasShared, MODELS } from '../helpers/shared.js';
import { TestRedis } from '../helpers/redis.js';
import { Cli, clipWithAudio, FAST } from './farm-helpers.js';

const hasRedis = existsSync('/usr/bin/redis-server') || existsSync('/usr/local/bin/redis-server');

/** Every frame of a video as RGB bytes at 96x64 (ffmpeg decodes both the source and the dream alike). */
function rawFrames(path: string): Uint8Array[] {
  const bytes = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-vf', 'scale=96:64', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 26 });
  const size = 96 * 64 * 3;
  return Array.from({ length: bytes.length / size }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
}

const meanAbs = (a: Uint8Array, b: Uint8Array): number => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length / 255;

describe.runIf(hasShared && hasRedis)('schedules on the render farm', { timeout: 600_000 }, () => {
  const dir = workDir();
  let redis: TestRedis;
  let worker: Cli | undefined;
  beforeAll(async () => {
    process.env.DREAMREEL_MODELS = MODELS;
    redis = await TestRedis.start();
  });
  afterAll(async () => {
    worker?.kill();
    await redis.stop();
  });

  it("each chunk evaluates --lr at the render's frames, not its own from 0", async () => {
    const clip = clipWithAudio(dir, 8);
    const out = join(dir, 'scheduled.mp4');
    worker = Cli.worker(redis.url);
    await worker.waitFor(/ready for chunks/);
    // Faint for the first chunk's frames, strong for the second's: a chunk that restarted the
    // schedule at its own frame 0 would dream its frames as faintly as the first chunk.
    const { code, stderr } = await cli([
      'render',
      clip,
      '-o',
      out,
      '--redis',
      redis.url,
      '--chunk-frames',
      '4',
      '--flow',
      'off',
      '--size',
      '96',
      '--crf',
      '1',
      ...FAST,
      '--lr',
      '0:(0.00001)~hold, 4:(0.05)',
    ]);
    expect(code, stderr).toBe(0);
    const [source, dreamed] = [rawFrames(clip), rawFrames(out)];
    expect(dreamed).toHaveLength(8);
    const strength = dreamed.map((f, i) => meanAbs(f, source[i]!));
    const faint = Math.max(...strength.slice(0, 4));
    const strong = Math.min(...strength.slice(4));
    expect(strong, `strength per frame ${strength.map((s) => s.toFixed(4)).join(' ')}`).toBeGreaterThan(3 * faint);
  });
});
