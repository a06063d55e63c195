import { describe, expect, it, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { ffmpeg, workDir } from '../helpers/clips.js';
import { hasShared, MODELS } from '../helpers/shared.js';
import { readImage } from '../../src/pipeline/image-io.js';
import type { RgbImage } from '../../src/image/image.js';
import { decodeAll, mean, panFlicker, pannedClip, strength } from '../helpers/known-motion.js';

const W = 96;
const H = 64;
const FRAMES = 24;
const PAN = { dx: 3, dy: 1 };
/** Frames 0-3 are dark: frame 4 is a scene cut, dreamed afresh, and sets the steady carry's target anew. */
const DARK = 4;
const SETTINGS = ['--octaves', '2', '--steps', '4', '--steps-next', '2', '-l', 'inception_3b/output', '--backend', 'ort-cpu', '--seed', '7'];

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A known-motion pan whose first frames are darkened (a cut into the pan, then a long shot). */
function cutIntoPan(dir: string): string {
  const pan = pannedClip(dir, { frames: FRAMES, width: W, height: H, pan: PAN });
  const path = join(dir, 'cut-into-pan.mp4');
  ffmpeg(['-i', pan, '-vf', `eq=brightness='if(lt(n,${DARK}),-0.45,0)':eval=frame`, '-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv444p', path]);
  return path;
}

/** The CLI as a real process, killed with -9 once `after` frames are done. */
async function killedAfter(args: readonly string[], after: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--json'], {
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve) => {
    let seen = '';
    child.stdout.on('data', (c: Buffer) => {
      seen += c.toString();
      if ((seen.match(/"type":"frame-done"/g) ?? []).length >= after) child.kill('SIGKILL');
    });
    child.on('close', () => resolve());
  });
}

const framesIn = (dir: string): Promise<RgbImage[]> =>
  Promise.all(
    readdirSync(dir)
      .sort()
      .map((f) => readImage(join(dir, f))),
  );

/**
 * kill -9 a third of the way in, then --resume: the carry continues with the state it had (here
 * the target strength set by the scene cut at frame 5, not frame 1's), judged by the known motion.
 */
describe.runIf(hasShared)('resume: the carry goes on as if never stopped', () => {
  const dir = workDir();
  beforeAll(() => {
    process.env.DREAMREEL_MODELS = MODELS;
  });

  it('the change across the resume point is like any other, and the frames after it are as strong', async () => {
    const clip = cutIntoPan(dir);
    const args = (name: string): string[] => ['render', clip, '-o', join(dir, `${name}.mp4`), '--frames-dir', join(dir, name), ...SETTINGS];
    const whole = await cli(args('whole'));
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stderr).toMatch(/frame 5: scene cut/);
    await killedAfter(args('stopped'), FRAMES / 3);
    const resumed = await cli([...args('stopped'), '--resume', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const at = (JSON.parse(resumed.stdout.split('\n')[0]!) as { resumedFrom: number }).resumedFrom;
    expect(at).toBeGreaterThan(DARK);
    expect(at).toBeLessThan(FRAMES - 4);

    const sources = await decodeAll(clip, W, H);
    const [uninterrupted, stopped] = [await framesIn(join(dir, 'whole')), await framesIn(join(dir, 'stopped'))];
    const changes = panFlicker(stopped, PAN); // changes[i]: frame i against frame i + 1
    const inside = changes.filter((_, i) => i >= DARK && i !== at - 1);
    const strengthAfter = (frames: RgbImage[]): number => mean(frames.slice(at).map((f, i) => strength(f, sources[at + i]!)));
    const figures = `resumed at frame ${at + 1}: change across ${changes[at - 1]!.toFixed(2)}, inside median ${median(inside).toFixed(2)}; strength after ${strengthAfter(stopped).toFixed(2)} vs uninterrupted ${strengthAfter(uninterrupted).toFixed(2)}`;
    if (process.env.DREAMREEL_FIGURES) console.log(figures);
    expect(changes[at - 1]!, figures).toBeLessThanOrEqual(1.3 * median(inside));
    expect(Math.abs(strengthAfter(stopped) / strengthAfter(uninterrupted) - 1), figures).toBeLessThanOrEqual(0.05);
  }, 900_000);
});
