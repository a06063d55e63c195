import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { workDir } from '../helpers/clips.js';
import { hasShared, MODELS } from '../helpers/shared.js';
import { TestRedis } from '../helpers/redis.js';
import { decodeAll, mean, panFlicker, pannedClip, strength } from '../helpers/known-motion.js';
import { checkpointedFrames, Cli, FAST, until } from './farm-helpers.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) console.log('farm seams: skipped, no redis-server on this machine');

const W = 160;
const H = 96;
// The geometry: 72 frames in 24-frame chunks (shorter chunks leave the inside median mostly the first chunk's calm start).
const FRAMES = 72;
const CHUNK = 24;
const SEAM = 12;
const PAN = { dx: 3, dy: 1 };
/**
 * The default --crf 18 (chunks are lossless in between and the join encodes the video once, as one
 * machine does) and bench:farm's steps: with a single step per carried frame the seams measure the
 * picture more than the join (1.29x where one machine reads about as much at the same frames).
 */
const SETTINGS = [...FAST, '--steps', '4', '--steps-next', '2', '--seed', '7'];
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * A farm render on a real redis-server with two worker processes, one killed with -9 mid-render,
 * judged by the known motion of the clip alone: the seams are as calm as the insides of chunks,
 * and the whole video as calm and as strong as a one-machine render.
 */
describe.runIf(hasShared && hasRedis)('farm seams (real redis-server, two workers, one killed)', { timeout: 900_000 }, () => {
  const dir = workDir();
  let redis: TestRedis;
  const workers: Cli[] = [];
  beforeAll(async () => {
    process.env.DREAMREEL_MODELS = MODELS;
    redis = await TestRedis.start();
  });
  afterAll(async () => {
    for (const w of workers) w.kill();
    await redis.stop();
  });
  const worker = (): Cli => {
    const w = Cli.worker(redis.url, { DREAMREEL_FARM_LOCK_MS: '3000' });
    workers.push(w);
    return w;
  };

  it('each seam changes at most 1.3x the median inside chunks; flicker <= 1.15x and strength >= 0.95x one machine', async () => {
    const clip = pannedClip(dir, { frames: FRAMES, width: W, height: H, pan: PAN });
    const one = join(dir, 'one-machine.mp4');
    const local = await cli(['render', clip, '-o', one, ...SETTINGS]);
    expect(local.code, local.stderr).toBe(0);

    const out = join(dir, 'farm-seams.mp4');
    const [a] = [worker(), worker()];
    await Promise.all(workers.map((w) => w.waitFor(/ready for chunks/)));
    const submit = await cli([
      'render',
      clip,
      '-o',
      out,
      '--redis',
      redis.url,
      '--chunk-frames',
      String(CHUNK),
      '--seam-frames',
      String(SEAM),
      '--detach',
      ...SETTINGS,
    ]);
    expect(submit.code, submit.stderr).toBe(0);
    await until('a checkpointed frame', () => checkpointedFrames(out) >= 3);
    a.kill('SIGKILL');
    const replacement = worker();
    const attached = await cli(['render', '--redis', redis.url, '--attach', submit.stdout.trim(), '--plain']);
    expect(attached.code, attached.stderr + workers.map((w) => w.stderr).join('')).toBe(0);
    expect(replacement.stderr + workers[1]!.stderr).toMatch(/resuming after [1-9]\d* checkpointed frame/);

    const sources = await decodeAll(clip, W, H);
    const [farm, single] = [await decodeAll(out, W, H), await decodeAll(one, W, H)];
    expect(farm).toHaveLength(FRAMES);
    const pairs = panFlicker(farm, PAN); // pairs[i]: frame i + 1 against frame i
    const seams = [CHUNK, 2 * CHUNK];
    const window = new Set(seams.flatMap((s) => Array.from({ length: SEAM + 1 }, (_, i) => s - 1 + i)));
    const inside = median(pairs.filter((_, i) => !window.has(i)));
    const worst = seams.map((s) => Math.max(...pairs.slice(s - 1, s + SEAM)) / inside);
    const strengthOf = (frames: typeof farm): number => mean(frames.map((f, t) => strength(f, sources[t]!)));
    const flicker = mean(pairs) / mean(panFlicker(single, PAN));
    const strong = strengthOf(farm) / strengthOf(single);
    const figures = `worst change in each seam ${worst.map((r) => r.toFixed(2)).join(', ')}x the inside median ${inside.toFixed(2)}; flicker ${flicker.toFixed(2)}x, strength ${strong.toFixed(2)}x one machine`;
    if (process.env.DREAMREEL_FIGURES) console.log(figures);
    for (const r of worst) expect(r, figures).toBeLessThanOrEqual(1.3);
    expect(flicker, figures).toBeLessThanOrEqual(1.15);
    expect(strong, figures).toBeGreaterThanOrEqual(0.95);
  });
});
