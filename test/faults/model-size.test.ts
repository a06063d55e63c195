import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { ffmpeg } from '../helpers/clips.js';
import { IMAGES, MODELS, hasShared } from '../helpers/shared.js';
import { cleanScratch, expectOneLine, runCli, scratch } from './helpers-model.js';

afterAll(cleanScratch);

const PHOTO = `${IMAGES}/chelsea.png`;
const model = ['--model', `${MODELS}/bvlc_googlenet`, '-l', 'inception_4c/output', '--octaves', '1', '--steps', '1', '--plain'];
// A 16384x16384 dream needs about 38 GiB by the estimate; on a machine with that much it would really run.
const bigFits = totalmem() * 0.8 > 38 * 2 ** 30;
if (bigFits) console.log('model-size: skipping the 16384-pixel cases, this machine has enough memory to run them');

function tinyClip(dir: string, side: number): string {
  const path = join(dir, `tiny-${side}.mp4`);
  ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=${side}x${side}:rate=12`, '-frames:v', '6', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path]);
  return path;
}

describe.skipIf(!hasShared)('sizes are checked against the network and memory before anything is decoded', () => {
  it('image --size 16 is refused with the smallest size that works', async () => {
    const out = join(scratch(), 'small.png');
    const r = await runCli(['image', PHOTO, '-o', out, '--size', '16', ...model]);
    expect(r.code).toBe(1);
    // chelsea is 451x300: at 16 pixels long its short side is 11, below inception_4c's 15.
    expect(expectOneLine(r)).toContain(
      'a 16x11 dream is too small for bvlc_googlenet up to inception_4c/output: its shorter side needs at least 15 pixels (--size 22 or more)',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('the smallest size it names really works', async () => {
    const out = join(scratch(), 'smallest.png');
    const r = await runCli(['image', PHOTO, '-o', out, '--size', '22', ...model]);
    expect(r.stderr).not.toContain('dreamreel:');
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('preview at its smallest --size with a deep layer is refused, not a RangeError', async () => {
    const r = await runCli([
      'preview',
      PHOTO,
      '--size',
      '32',
      ...model.slice(0, 2),
      '-l',
      'inception_5b/output',
      '--octaves',
      '1',
      '--steps',
      '1',
      '--graphics',
      'blocks',
    ]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r)).toContain('its shorter side needs at least 31 pixels');
  });

  it.each([2, 8])('render of a %i-pixel square video at its own size is refused', async (side) => {
    const dir = scratch();
    const out = join(dir, 'out.mp4');
    const r = await runCli(['render', tinyClip(dir, side), '-o', out, ...model]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r)).toMatch(/dream is too small for bvlc_googlenet up to inception_4c\/output: its shorter side needs at least 15 pixels/);
    expect(existsSync(out)).toBe(false);
  });

  it.skipIf(bigFits).each([
    ['image', PHOTO, '16384x16384'],
    ['zoom', PHOTO, '16384x16384'],
    ['render', 'clip', '16384x16384'],
  ])('%s of %s at --size %s is refused by the memory estimate before decoding (no V8 heap crash)', async (command, input, size) => {
    const dir = scratch();
    const source = input === 'clip' ? tinyClip(dir, 64) : input;
    const out = join(dir, command === 'image' ? 'big.png' : 'big.mp4');
    const r = await runCli([command, source, '-o', out, '--size', size, ...model]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r)).toMatch(/a 16384x16384 dream needs about \d+\.\d GiB, more than this machine has/);
    expect(existsSync(out)).toBe(false);
  });
});
