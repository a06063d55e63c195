import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { hasShared } from '../helpers/shared.js';
import { ffmpeg, workDir } from '../helpers/clips.js';
import { ffmpegBinaries } from '../../src/pipeline/ffmpeg-binary.js';
import { FAST, framesOf, run, sizeOf } from './helpers-pipeline.js';

const which = (name: string): string =>
  execFileSync('sh', ['-c', `command -v ${name}`])
    .toString()
    .trim();

/** A folder holding only the named tools, as an install with ffmpeg-static and nothing else would. */
function toolDir(root: string, name: string, tools: readonly string[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const tool of tools) symlinkSync(which(tool), join(dir, tool));
  return dir;
}

describe('faults: probing without fluent-ffmpeg', () => {
  const root = workDir();
  const empty = toolDir(root, 'empty', []);

  it('finds ffprobe in order: FFPROBE_PATH, beside ffmpeg, else none (ffmpeg probes)', () => {
    const alone = toolDir(root, 'alone', ['ffmpeg']);
    const pair = toolDir(root, 'pair', ['ffmpeg', 'ffprobe']);
    const other = toolDir(root, 'other', ['ffprobe']);
    expect(ffmpegBinaries({ FFMPEG_PATH: join(alone, 'ffmpeg'), PATH: empty })).toEqual({ ffmpeg: join(alone, 'ffmpeg'), ffprobe: undefined });
    expect(ffmpegBinaries({ FFMPEG_PATH: join(pair, 'ffmpeg'), PATH: empty })).toEqual({ ffmpeg: join(pair, 'ffmpeg'), ffprobe: join(pair, 'ffprobe') });
    expect(ffmpegBinaries({ FFMPEG_PATH: join(pair, 'ffmpeg'), FFPROBE_PATH: join(other, 'ffprobe'), PATH: empty }).ffprobe).toBe(join(other, 'ffprobe'));
    expect(ffmpegBinaries({ PATH: pair }).ffprobe).toBe('ffprobe');
  });

  it('has no fluent-ffmpeg left (archived upstream)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, Record<string, string> | undefined>;
    const all = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies };
    expect(Object.keys(all).filter((n) => n.includes('fluent-ffmpeg'))).toEqual([]);
  });

  it.runIf(hasShared)('renders a rotated clip with only ffmpeg installed, probing with ffmpeg itself', { timeout: 600_000 }, async () => {
    const alone = toolDir(root, 'only-ffmpeg', ['ffmpeg']);
    const rotated = join(root, 'rot.mp4');
    ffmpeg(['-i', resolve('samples/clip.mp4'), '-t', '1', '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
    const out = join(root, 'out.mp4');
    const { code, stderr } = await run(['render', rotated, '-o', out, '--size', '160', '--plain', ...FAST], {
      FFMPEG_PATH: join(alone, 'ffmpeg'),
      PATH: empty,
    });
    expect(code, stderr).toBe(0);
    expect(sizeOf(out)).toEqual([90, 160]);
    expect(framesOf(out)).toBe(framesOf(rotated));
  });
});
