import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { hasShared, IMAGES, MODELS } from '../helpers/shared.js';
import { ffmpeg, workDir } from '../helpers/clips.js';
import { crossingAt, crossingClip, decodeAll } from '../helpers/known-motion.js';
import { average, discMaskVideo, encodedAsDreamreel, fromEdge, meanLevels, meanLumaLevels, secondDifference, type Disc } from '../helpers/mask-measures.js';
import { readImage } from '../../src/pipeline/image-io.js';
import type { RgbImage } from '../../src/image/image.js';

const framesOf = (folder: string, count: number): Promise<RgbImage[]> =>
  Promise.all(Array.from({ length: count }, (_, t) => readImage(join(folder, `frame-${String(t).padStart(6, '0')}.png`))));

const FAST = ['--octaves', '2', '--steps', '3', '--steps-next', '2', '-l', 'inception_3b/output', '--backend', 'ort-cpu', '--seed', '5'];
const [W, H, FRAMES] = [96, 64, 8];

/** A still photograph as a near-lossless clip, so the source the measures use is the one dreamed. */
function stillClip(dir: string): string {
  const path = join(dir, 'still.mkv');
  ffmpeg([
    '-loop',
    '1',
    '-i',
    `${IMAGES}/rocket.jpg`,
    '-vf',
    `scale=${W}:${H}:flags=lanczos`,
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
    path,
  ]);
  return path;
}

describe.runIf(hasShared)('--mask', () => {
  const dir = workDir();
  const disc: Disc = { x0: 18, y: 32, speed: 7, radius: 17 };
  let clip: string;
  let discVideo: string;
  beforeAll(() => {
    process.env.DREAMREEL_MODELS = MODELS;
    clip = stillClip(dir);
    discVideo = discMaskVideo(dir, disc, { width: W, height: H, frames: FRAMES, fps: 12 });
  });

  it('dreams only inside a disc crossing the frame: the source outside, full strength inside, no line along the feathered edge', async () => {
    const masked = await cli([
      'render',
      clip,
      '-o',
      join(dir, 'masked.mp4'),
      '--mask',
      discVideo,
      '--mask-feather',
      '3',
      '--frames-dir',
      join(dir, 'masked'),
      ...FAST,
    ]);
    expect(masked.code, masked.stderr).toBe(0);
    expect((await cli(['render', clip, '-o', join(dir, 'whole.mp4'), ...FAST])).code).toBe(0);
    const [source, out, whole, pngs] = await Promise.all([
      decodeAll(clip, W, H),
      decodeAll(join(dir, 'masked.mp4'), W, H),
      decodeAll(join(dir, 'whole.mp4'), W, H),
      framesOf(join(dir, 'masked'), FRAMES),
    ]);
    expect(out).toHaveLength(FRAMES);
    const outside = (t: number) => (x: number, y: number) => fromEdge(disc, t, x, y) > 5;
    const inside = (t: number) => (x: number, y: number) => fromEdge(disc, t, x, y) < -5;
    // Before encoding: the source itself, to the 8-bit level, beyond the feathered edge.
    expect(average(pngs.map((f, t) => meanLevels(f, source[t]!, outside(t))))).toBeLessThanOrEqual(0.05);
    // After: against the source through the same encoder (H.264 alone moves this photograph by
    // about 1.6 luma levels at 96x64, masked or not), and in luma, which 4:2:0 keeps at full resolution.
    const encoded = await encodedAsDreamreel(source, join(dir, 'source-encoded.mp4'));
    const plain = average(out.map((f, t) => meanLumaLevels(f, source[t]!, outside(t))));
    const leak = average(out.map((f, t) => meanLumaLevels(f, encoded[t]!, outside(t))));
    const strength = average(out.map((f, t) => meanLevels(f, source[t]!, inside(t))));
    const unmasked = average(whole.map((f, t) => meanLevels(f, source[t]!, inside(t))));
    const edge = average(out.map((f) => secondDifference(f, (x, y) => Math.abs(fromEdge(disc, out.indexOf(f), x, y)) <= 2)));
    const within = average(out.map((f, t) => secondDifference(f, inside(t))));
    console.log(
      `moving disc: outside ${leak.toFixed(2)} levels from the encoded source (${plain.toFixed(2)} from the source); inside ${strength.toFixed(2)} vs ${unmasked.toFixed(2)} unmasked (${(strength / unmasked).toFixed(2)}x); edge second difference ${edge.toFixed(2)} vs ${within.toFixed(2)} inside`,
    );
    expect(leak).toBeLessThanOrEqual(1.5);
    expect(strength).toBeGreaterThanOrEqual(0.9 * unmasked);
    expect(edge).toBeLessThanOrEqual(1.5 * within);
  });

  it('resumes a masked render after kill -9 with the same frames as an uninterrupted one', async () => {
    const args = (out: string, frames: string): string[] => [
      'render',
      clip,
      '-o',
      join(dir, out),
      '--frames-dir',
      join(dir, frames),
      '--mask',
      discVideo,
      '--mask-feather',
      '2',
      ...FAST,
    ];
    expect((await cli(args('once.mp4', 'once'))).code).toBe(0);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args('cut.mp4', 'cut'), '--json'], {
      env: process.env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise<void>((resolve) => {
      let seen = '';
      child.stdout.on('data', (c: Buffer) => {
        seen += c.toString();
        if ((seen.match(/"type":"frame-done"/g) ?? []).length >= 3) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('close', () => resolve());
    });
    // Another mask is another render: the checkpoint refuses it and names the setting.
    const white = join(dir, 'white.png');
    ffmpeg(['-f', 'lavfi', '-i', `color=c=white:s=${W}x${H}`, '-frames:v', '1', white]);
    const swapped = await cli([...args('cut.mp4', 'cut').map((a) => (a === discVideo ? white : a)), '--resume']);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toMatch(/^dreamreel: .*mask\.sha256 .*\n$/);
    const resumed = await cli([...args('cut.mp4', 'cut'), '--resume', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout.split('\n')[0]!) as { resumedFrom?: number }).resumedFrom).toBeGreaterThanOrEqual(3);
    const names = readdirSync(join(dir, 'once')).sort();
    expect(names).toHaveLength(FRAMES);
    for (const name of names) expect(readFileSync(join(dir, 'cut', name)).equals(readFileSync(join(dir, 'once', name))), name).toBe(true);
  });

  it('answers bad masks with one line each, and warns of a stretched, short or black mask', async () => {
    const text = join(dir, 'notes.png');
    writeFileSync(text, 'not a picture');
    const empty = join(dir, 'empty.mp4');
    ffmpeg(['-f', 'lavfi', '-i', `color=c=white:s=${W}x${H}:r=12`, '-frames:v', '0', '-c:v', 'libx264', empty]);
    const cases: [string[], RegExp][] = [
      [['--mask', join(dir, 'missing.png')], /^dreamreel: --mask: no such file .*missing\.png\n$/],
      [['--mask', text], /^dreamreel: --mask: .*notes\.png is not a picture or video ffmpeg can read \(.+\)\n$/],
      [['--mask', empty], /^dreamreel: --mask: .*empty\.mp4 has no video frames\n$/],
      [['--mask', discVideo, '--mask-feather', '-1'], /^dreamreel: Expected a number between 0 and 256 for --mask-feather but received "-1"\n$/],
      [['--mask', discVideo, '--mask-threshold', 'half'], /^dreamreel: Expected a number between 0 and 1 for --mask-threshold but received "half"\n$/],
      [['--mask', 'motion', '--flow', 'off'], /^dreamreel: --mask motion is made from the clip's motion: it needs --flow on\n$/],
    ];
    for (const [flags, message] of cases) {
      const { code, stderr } = await cli(['render', clip, '-o', join(dir, 'bad.mp4'), ...flags, ...FAST]);
      expect(stderr).toMatch(message);
      expect(code).toBe(1);
    }
    expect(existsSync(join(dir, 'bad.mp4'))).toBe(false);
    const wide = join(dir, 'wide.png');
    ffmpeg(['-f', 'lavfi', '-i', 'color=c=black:s=64x16', '-frames:v', '1', wide]);
    const short = discMaskVideo(dir, { ...disc, x0: 20 }, { width: W, height: H, frames: 3, fps: 12 });
    const warned = await cli(['render', clip, '-o', join(dir, 'warned.mp4'), '--mask', wide, '--plain', ...FAST]);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr + warned.stdout).toContain('wide.png is 64x16 (4:1), the frames 96x64 (3:2): stretched to fit the whole frame');
    expect(warned.stderr + warned.stdout).toContain('wide.png is black everywhere: nothing will dream');
    const held = await cli(['render', clip, '-o', join(dir, 'held.mp4'), '--mask', short, '--plain', ...FAST]);
    expect(held.code, held.stderr).toBe(0);
    expect(held.stderr + held.stdout).toMatch(/has 3 frames for 8: its last frame holds for the rest/);
  });

  it('--mask motion dreams a patch crossing a still photograph and leaves the still part as it was', async () => {
    const crossing = { size: 24, x0: 4, y: 20, speed: 6 };
    const moving = crossingClip(dir, { frames: 10, width: W, height: H, crossing });
    const done = await cli([
      'render',
      moving,
      '-o',
      join(dir, 'motion.mp4'),
      '--mask',
      'motion',
      '--mask-feather',
      '2',
      '--frames-dir',
      join(dir, 'motion'),
      ...FAST,
    ]);
    expect(done.code, done.stderr).toBe(0);
    const [source, out, pngs] = await Promise.all([decodeAll(moving, W, H), decodeAll(join(dir, 'motion.mp4'), W, H), framesOf(join(dir, 'motion'), 10)]);
    const encoded = await encodedAsDreamreel(source, join(dir, 'moving-encoded.mp4'));
    const near = (t: number, x: number, y: number, margin: number): boolean => {
      const b = crossingAt(crossing, t);
      return x >= b.x - margin && x < b.x + b.size + margin && y >= b.y - margin && y < b.y + b.size + margin;
    };
    // From frame 2: the first frame has no motion yet, the second measures it.
    const frames = out.map((f, t) => t).filter((t) => t >= 2);
    const stillPart = (t: number) => (x: number, y: number) => !near(t, x, y, 6) && !near(t - 1, x, y, 6);
    // H.264 alone moves coffee.png by about 2 luma levels at 96x64: the dreamed patch coarsens its quantiser a little (measured +0.4).
    const still = average(frames.map((t) => meanLumaLevels(out[t]!, source[t]!, stillPart(t))));
    const codec = average(frames.map((t) => meanLumaLevels(encoded[t]!, source[t]!, stillPart(t))));
    const beforeEncoding = average(frames.map((t) => meanLevels(pngs[t]!, source[t]!, stillPart(t))));
    const patch = average(frames.map((t) => meanLevels(out[t]!, source[t]!, (x, y) => near(t, x, y, -4))));
    console.log(
      `--mask motion: still part ${still.toFixed(2)} luma levels from the source (encoding alone: ${codec.toFixed(2)}; ${beforeEncoding.toFixed(2)} before encoding), patch ${patch.toFixed(2)}`,
    );
    expect(still).toBeLessThanOrEqual(codec + 0.5);
    expect(beforeEncoding).toBeLessThanOrEqual(0.5);
    expect(patch).toBeGreaterThan(3 * still);
  });
});
