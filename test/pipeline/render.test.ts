import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { hasShared, MODELS } from '../helpers/shared.js';
import { ffmpeg, probe, testClip, workDir } from '../helpers/clips.js';
import { readImage } from '../../src/pipeline/image-io.js';
import type { RgbImage } from '../../src/image/image.js';
import { mean, panFlicker, pannedClip } from '../helpers/known-motion.js';

const FAST = ['--octaves', '2', '--steps', '3', '--steps-next', '2', '-l', 'inception_3b/output', '--backend', 'ort-cpu'];

describe.runIf(hasShared)('dreamreel render', () => {
  const dir = workDir();
  beforeAll(() => {
    process.env.DREAMREEL_MODELS = MODELS;
  });

  it('keeps codec, frame count, frame rate, duration and audio (checked with ffprobe)', async () => {
    const clip = testClip(dir, { frames: 12, fps: 12 });
    const out = join(dir, 'dream.mp4');
    const { code, stderr } = await cli(['render', clip, '-o', out, ...FAST]);
    expect(code, stderr).toBe(0);
    const streams = probe(out).streams;
    const video = streams.find((s) => s.codec_type === 'video')!;
    expect([video.codec_name, video.width, video.height, video.r_frame_rate]).toEqual(['h264', 160, 96, '12/1']);
    expect(Number((video as { nb_read_frames?: string }).nb_read_frames)).toBe(12);
    expect(Math.abs(Number(video.duration) - 1)).toBeLessThanOrEqual(1 / 12);
    expect(streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
    expect(readdirSync(dir).filter((f) => f.includes('partial') || f.includes('checkpoint'))).toEqual([]);
  });

  it('drops audio with --no-audio and takes --start/--duration', async () => {
    const clip = testClip(dir, { frames: 24, fps: 12 });
    const out = join(dir, 'part.mkv');
    const { code, stderr } = await cli(['render', clip, '-o', out, '--start', '0.5', '--duration', '0.5', '--no-audio', ...FAST]);
    expect(code, stderr).toBe(0);
    const streams = probe(out).streams;
    expect(streams.map((s) => s.codec_type)).toEqual(['video']);
    expect(Number((streams[0] as { nb_read_frames?: string }).nb_read_frames)).toBe(6);
  });

  it('resumes after kill -9 and gives the same frames as an uninterrupted run', async () => {
    const clip = testClip(dir, { frames: 10, fps: 10, audio: false });
    const whole = join(dir, 'whole');
    const cut = join(dir, 'cut');
    const args = (out: string, frames: string): string[] => ['render', clip, '-o', out, '--frames-dir', frames, '--seed', '3', ...FAST];
    expect((await cli(args(join(dir, 'whole.mp4'), whole))).code).toBe(0);

    // A real process, killed without warning once it has finished 4 frames.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args(join(dir, 'cut.mp4'), cut), '--json'], {
      env: process.env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise<void>((resolve) => {
      let seen = '';
      child.stdout.on('data', (c: Buffer) => {
        seen += c.toString();
        if ((seen.match(/"type":"frame-done"/g) ?? []).length >= 4) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('close', () => resolve());
    });
    expect(existsSync(join(dir, 'cut.mp4'))).toBe(false);
    const resumed = await cli([...args(join(dir, 'cut.mp4'), cut), '--resume', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const start = JSON.parse(resumed.stdout.split('\n')[0]!) as { resumedFrom?: number };
    expect(start.resumedFrom).toBeGreaterThanOrEqual(4);
    const names = readdirSync(whole).sort();
    expect(names).toHaveLength(10);
    for (const name of names) expect(readFileSync(join(cut, name)).equals(readFileSync(join(whole, name))), name).toBe(true);
  });

  it('flows the dream with the motion: flicker at most 60% of per-frame dreaming at the same steps (judged by the known motion)', async () => {
    // A pan whose motion is known exactly: the product's own optical flow never judges the product.
    const pan = { dx: 3, dy: 1 };
    const clip = pannedClip(dir, { frames: 12, width: 160, height: 96, pan });
    const same = ['--octaves', '2', '--steps', '4', '--steps-next', '4', '-l', 'inception_3b/output', '--backend', 'ort-cpu', '--seed', '7'];
    const dreamed = async (name: string, extra: string[]): Promise<RgbImage[]> => {
      const frames = join(dir, `${name}-frames`);
      const { code, stderr } = await cli(['render', clip, '-o', join(dir, `${name}.mp4`), '--frames-dir', frames, ...same, ...extra]);
      expect(code, stderr).toBe(0);
      return Promise.all(
        readdirSync(frames)
          .sort()
          .map((f) => readImage(join(frames, f))),
      );
    };
    const on = await dreamed('on', []);
    const off = await dreamed('off', ['--flow', 'off']);
    expect([on.length, off.length]).toEqual([12, 12]);
    const [onFlicker, offFlicker] = [mean(panFlicker(on, pan)), mean(panFlicker(off, pan))];
    expect(onFlicker, `known-motion flicker: flow ${onFlicker.toFixed(2)}, per-frame ${offFlicker.toFixed(2)}`).toBeLessThan(0.6 * offFlicker);
  });

  it('answers bad inputs with one line, a non-zero exit and no output file', async () => {
    const text = join(dir, 'notes.mp4');
    writeFileSync(text, 'this is not a video');
    const audioOnly = join(dir, 'tone.m4a');
    ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '1', audioOnly]);
    const clip = testClip(dir, { frames: 4, fps: 4, audio: false });
    const cases: [string[], RegExp][] = [
      [['render', text, '-o', join(dir, 'a.mp4')], /^dreamreel: .*notes\.mp4 is not a readable video \(.+\)\n$/],
      [['render', audioOnly, '-o', join(dir, 'b.mp4')], /^dreamreel: .*tone\.m4a has no video stream\n$/],
      [['render', clip, '-o', join(dir, 'no/such/dir/c.mp4')], /^dreamreel: cannot write .*c\.mp4: no such folder .*\n$/],
      [['render', clip, '-o', join(dir, 'd.mp4'), '--size', '7x7'], /^dreamreel: Expected sides between 16 and 16384 pixels for --size but received "7x7"\n$/],
      [['render', join(dir, 'missing.mp4'), '-o', join(dir, 'e.mp4')], /^dreamreel: input: no such file .*missing\.mp4\n$/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli(args);
      expect(stderr).toMatch(message);
      expect(code).toBe(1);
    }
    const before = process.env.FFMPEG_PATH;
    process.env.FFMPEG_PATH = '/no/ffmpeg/here';
    const { ffmpegBinaries } = await import('../../src/pipeline/ffmpeg-binary.js');
    expect(() => ffmpegBinaries({ FFMPEG_PATH: '/no/ffmpeg/here', PATH: '' })).toThrow('FFMPEG_PATH=/no/ffmpeg/here is not a working ffmpeg');
    expect(() => ffmpegBinaries({ PATH: '' })).toThrow('ffmpeg was not found: install it (apt install ffmpeg, brew install ffmpeg) or set FFMPEG_PATH');
    process.env.FFMPEG_PATH = before;
    if (before === undefined) delete process.env.FFMPEG_PATH;
    expect(readdirSync(dir).filter((f) => /^[a-e]\.mp4/.test(f))).toEqual([]);
  });
});
