import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, IMAGES } from '../helpers/shared.js';
import { testClip, workDir } from '../helpers/clips.js';
import { FAST, FAST_IMAGE, listing, oneLine, run } from './helpers-pipeline.js';

/** Outputs that would destroy the input or that no writer can make are refused before any work. */
describe.runIf(hasShared)('faults: outputs', { timeout: 600_000 }, () => {
  const dir = workDir();

  it('refuses to write a picture over its input, symlinks resolved', async () => {
    const picture = join(dir, 'x.png');
    copyFileSync(`${IMAGES}/chelsea.png`, picture);
    const before = readFileSync(picture);
    symlinkSync(picture, join(dir, 'link.png'));
    for (const output of [picture, join(dir, 'link.png'), join(dir, '.', 'x.png')]) {
      const { code, stderr } = await run(['image', picture, '-o', output, '--size', '64', ...FAST_IMAGE]);
      expect(code, stderr).toBe(1);
      expect(oneLine(stderr)).toMatch(/is the input/);
    }
    expect(readFileSync(picture).equals(before)).toBe(true);
  });

  it('refuses to render a video over its input', async () => {
    const clip = testClip(dir, { frames: 4, fps: 4, audio: false });
    const before = readFileSync(clip);
    const { code, stderr } = await run(['render', clip, '-o', clip, '--size', '64', ...FAST]);
    expect(code, stderr).toBe(1);
    expect(oneLine(stderr)).toMatch(/is the input/);
    expect(readFileSync(clip).equals(before)).toBe(true);
    expect(existsSync(`${clip}.dreamreel-checkpoint`)).toBe(false);
  });

  it('checks the output format before any work, and leaves nothing behind', async () => {
    const work = join(dir, 'formats');
    mkdirSync(work);
    const clip = testClip(work, { frames: 4, fps: 4, audio: false });
    for (const args of [
      ['render', clip, '-o', join(work, 'out.jpg'), ...FAST],
      ['render', clip, '-o', join(work, 'out.xyz'), ...FAST],
      ['image', `${IMAGES}/chelsea.png`, '-o', join(work, 'out.xyz'), ...FAST_IMAGE],
      ['zoom', `${IMAGES}/chelsea.png`, '-o', join(work, 'z.png'), '--frames', '2', ...FAST],
    ]) {
      const { code, stderr } = await run([...args, '--size', '64']);
      expect(code, stderr).toBe(1);
      expect(oneLine(stderr)).toMatch(/is not one of/);
    }
    expect(listing(work)).toEqual([clip.split('/').at(-1)]);
  });

  it('refuses a plain file where the checkpoint folder goes, and keeps it', async () => {
    const clip = testClip(dir, { frames: 4, fps: 4, audio: false });
    const out = join(dir, 'blocked.mp4');
    writeFileSync(`${out}.dreamreel-checkpoint`, 'mine');
    for (const extra of [[], ['--restart']]) {
      const { code, stderr } = await run(['render', clip, '-o', out, '--size', '64', ...FAST, ...extra]);
      expect(code, stderr).toBe(1);
      expect(oneLine(stderr)).toMatch(/is a file, not a dreamreel checkpoint/);
      expect(readFileSync(`${out}.dreamreel-checkpoint`, 'utf8')).toBe('mine');
    }
  });

  it('refuses --frames-dir pointing at a file', async () => {
    const clip = testClip(dir, { frames: 4, fps: 4, audio: false });
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'mine');
    const { code, stderr } = await run(['render', clip, '-o', join(dir, 'fd.mp4'), '--frames-dir', file, '--size', '64', ...FAST]);
    expect(code, stderr).toBe(1);
    expect(oneLine(stderr)).toMatch(/--frames-dir: .* is a file/);
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'fd.mp4.dreamreel-checkpoint'))).toBe(false);
  });
});
