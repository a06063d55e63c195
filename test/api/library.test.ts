import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpeg, probe, testClip, workDir } from '../helpers/clips.js';
import { everyOnnxOpModel } from '../helpers/onnx-models.js';
import { hasShared, MODELS } from '../helpers/shared.js';

describe('dreamreel as a library', () => {
  it('a program importing "dreamreel" by name dreams raw RGB and a file, renders a clip, zooms a still, and gets DreamreelErrors', () => {
    const dir = workDir();
    const model = join(dir, 'tiny.onnx');
    writeFileSync(model, everyOnnxOpModel(16).bytes);
    const clip = testClip(dir, { frames: 4, fps: 8, size: '64x48', audio: false });
    ffmpeg(['-i', clip, '-frames:v', '1', clip.replace(/\.mp4$/, '.png')]);
    const out = execFileSync(process.execPath, ['--conditions=dreamreel-source', '--import', 'tsx', 'test/api/consumer.ts', model, clip, dir], {
      encoding: 'utf8',
    });
    const seen = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(seen.preprocess).toEqual({ channelOrder: 'RGB', scale: [2, 2, 2], offset: [-1, -1, -1] });
    expect(seen.modulePaths).toContain('mixed');
    expect(seen.raw).toMatchObject({ width: 24, height: 20 });
    expect(seen.raw.meanChange).toBeGreaterThan(0.001);
    expect(seen.written).toEqual({ width: 32, height: 24 });
    expect(existsSync(join(dir, 'dream.png'))).toBe(true);
    // The library names its options as the program wrote them: camelCase keys, values as given.
    expect(seen.error).toBe('DreamreelError: Expected an integer between 1 and 1000 for steps but received 0');
    expect(seen.events[0]).toBe('start');
    expect(seen.events.filter((t: string) => t === 'frame-done')).toHaveLength(4);
    expect(seen.events.at(-1)).toBe('done');
    const video = probe(join(dir, 'dream.mp4')).streams.find((s) => s.codec_type === 'video')!;
    expect([video.width, video.height]).toEqual([48, 36]);
    expect(seen.zoomEvents.filter((t: string) => t === 'frame-done')).toHaveLength(3);
    const zoomed = probe(join(dir, 'zoom.mp4')).streams.find((s) => s.codec_type === 'video')!;
    expect([zoomed.width, zoomed.height, Number(zoomed.nb_frames)]).toEqual([32, 24, 3]);
  });

  it('applies every check the CLI applies: output format first, never the input (symlinks resolved), the size, the output lock, resume identity', () => {
    const dir = workDir();
    const model = join(dir, 'tiny.onnx');
    writeFileSync(model, everyOnnxOpModel(16).bytes);
    const clip = testClip(dir, { frames: 4, fps: 8, size: '64x48', audio: false });
    const [picture, other] = [join(dir, 'one.png'), join(dir, 'other.png')];
    ffmpeg(['-i', clip, '-frames:v', '1', picture]);
    ffmpeg(['-i', clip, '-vf', 'negate', '-frames:v', '1', other]);
    // A live process (this one) renders locked.mp4.
    writeFileSync(join(dir, 'locked.mp4.dreamreel-lock'), JSON.stringify({ pid: process.pid, host: hostname() }));
    const out = execFileSync(
      process.execPath,
      [
        '--conditions=dreamreel-source',
        '--import',
        'tsx',
        'test/api/parity-consumer.ts',
        model,
        clip,
        picture,
        other,
        dir,
        ...(hasShared ? [`${MODELS}/bvlc_googlenet`] : []),
      ],
      { encoding: 'utf8' },
    );
    const seen = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(seen.sameFile).toBe(`refusing to write ${join(dir, 'a.png')}: it is the input ${join(dir, 'a.png')} itself; choose another output`);
    expect(seen.symlink).toBe(`refusing to write ${join(dir, 'link.png')}: it is the input ${join(dir, 'a.png')} itself; choose another output`);
    expect(seen.untouched).toBe(true);
    expect(seen.format).toBe(`cannot write ${join(dir, 'd.bmp')}: .bmp is not one of .png, .jpg, .jpeg, .webp, .tiff, .avif`);
    expect(seen.zoomFormat).toBe(`cannot write ${join(dir, 'z.png')}: .png is not one of .mp4, .mkv, .mov, .webm, .gif`);
    expect(seen.renderSame).toBe(`refusing to write ${clip}: it is the input ${clip} itself; choose another output`);
    expect(seen.camelCase).toBe('Expected an integer between 64 and 4096 for tileSize but received 16');
    expect(seen.locked).toBe(
      `${join(dir, 'locked.mp4')} is being rendered by process ${process.pid} on ${hostname()}: wait for it to finish, or delete ${join(dir, 'locked.mp4.dreamreel-lock')} if that run is gone`,
    );
    expect(readFileSync(join(dir, 'locked.mp4.dreamreel-lock'), 'utf8')).toContain(String(process.pid));
    expect(seen.stillChanged).toMatch(/was made with other settings: still .*--restart discards it/);
    expect(seen.modeChanged).toMatch(/was made with other settings: scheduleMode \("switch" then, "blend" now\)/);
    expect(seen.guideChanged).toMatch(/was made with other settings: guide /);
    if (!hasShared) return console.log('library parity: ../shared/models absent, the size checks were not run');
    // one.png is 64x48: at 16 pixels long its short side is 12, below inception_4c's 15.
    expect(seen.tooSmall).toMatch(
      /^a 16x12 dream is too small for bvlc_googlenet up to inception_4c\/output: its shorter side needs at least 15 pixels \(size 20 or more\)$/,
    );
    expect(seen.zoomTooSmall).toMatch(/^a 16x12 dream is too small for bvlc_googlenet/);
  });
});
