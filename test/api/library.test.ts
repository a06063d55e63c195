import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpeg, probe, testClip, workDir } from '../helpers/clips.js';
import { everyOnnxOpModel } from '../helpers/onnx-models.js';

describe('dreamreel as a library', () => {
  it('a program importing "dreamreel" by name dreams raw RGB and a file, renders a clip, zooms a still, and gets DreamreelErrors', () => {
    const dir = workDir();
    const model = join(dir, 'tiny.onnx');
    writeFileSync(model, everyOnnxOpModel(16).bytes);
    const clip = testClip(dir, { frames: 4, fps: 8, size: '64x48', audio: false });
    ffmpeg(['-i', clip, '-frames:v', '1', clip.replace(/\.mp4$/, '.png')]);
    const out = execFileSync(process.execPath, ['--conditions=dreamreel-source', '--import', 'tsx', 'test/api/consumer.ts', model, clip, dir], { encoding: 'utf8' });
    const seen = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(seen.preprocess).toEqual({ channelOrder: 'RGB', scale: [2, 2, 2], offset: [-1, -1, -1] });
    expect(seen.modulePaths).toContain('mixed');
    expect(seen.raw).toMatchObject({ width: 24, height: 20 });
    expect(seen.raw.meanChange).toBeGreaterThan(0.001);
    expect(seen.written).toEqual({ width: 32, height: 24 });
    expect(existsSync(join(dir, 'dream.png'))).toBe(true);
    expect(seen.error).toBe('DreamreelError: Expected an integer between 1 and 1000 for --steps but received "0"');
    expect(seen.events[0]).toBe('start');
    expect(seen.events.filter((t: string) => t === 'frame-done')).toHaveLength(4);
    expect(seen.events.at(-1)).toBe('done');
    const video = probe(join(dir, 'dream.mp4')).streams.find((s) => s.codec_type === 'video')!;
    expect([video.width, video.height]).toEqual([48, 36]);
    expect(seen.zoomEvents.filter((t: string) => t === 'frame-done')).toHaveLength(3);
    const zoomed = probe(join(dir, 'zoom.mp4')).streams.find((s) => s.codec_type === 'video')!;
    expect([zoomed.width, zoomed.height, Number(zoomed.nb_frames)]).toEqual([32, 24, 3]);
  });
});
