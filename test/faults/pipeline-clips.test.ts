import { describe, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasShared } from '../helpers/shared.js';
import { ffmpeg, workDir } from '../helpers/clips.js';
import { FAST, framesOf, run, sizeOf } from './helpers-pipeline.js';

const SAMPLE = resolve('samples/clip.mp4');

/** Progress lines never count past their total and never show a negative ETA. */
function checkProgress(plain: string): { last: number; total: number } {
  const counts = [...plain.matchAll(/^frame (\d+)\/(\d+)/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
  expect(counts.length).toBeGreaterThan(0);
  for (const [k, total] of counts) expect(k).toBeLessThanOrEqual(total);
  expect(plain).not.toMatch(/ETA -/);
  const [last, total] = counts.at(-1)!;
  return { last, total };
}

/** Clips as phones and cutters write them: rotated, variable frame rate, edit lists, truncated. */
describe.runIf(hasShared)('faults: real-world clips', { timeout: 600_000 }, () => {
  const dir = workDir();

  it('renders a clip with a 90° display matrix portrait, as players show it, with the decoded frame count', async () => {
    const rotated = join(dir, 'rot.mp4');
    ffmpeg(['-i', SAMPLE, '-t', '1', '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
    const out = join(dir, 'rot-out.mp4');
    const { code, stderr } = await run(['render', rotated, '-o', out, '--size', '160', '--plain', ...FAST]);
    expect(code, stderr).toBe(0);
    expect(sizeOf(out)).toEqual([90, 160]);
    const decoded = framesOf(rotated);
    expect(framesOf(out)).toBe(decoded);
    expect(checkProgress(stderr)).toEqual({ last: decoded, total: decoded });
  });

  it('takes the frame count from the decoder for edit-listed and variable-frame-rate clips', async () => {
    const edited = join(dir, 'edit-list.mp4');
    ffmpeg(['-ss', '0.3', '-i', SAMPLE, '-t', '1', '-c', 'copy', edited]);
    const vfr = join(dir, 'vfr.mp4');
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x96:rate=12',
      '-frames:v',
      '24',
      '-vf',
      "setpts='if(lt(N,12),N/12,1+(N-12)/4)/TB'",
      '-fps_mode',
      'vfr',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      vfr,
    ]);
    for (const clip of [edited, vfr]) {
      const out = `${clip}.out.mp4`;
      const { code, stderr } = await run(['render', clip, '-o', out, '--size', '64', '--plain', ...FAST]);
      expect(code, stderr).toBe(0);
      const decoded = framesOf(clip);
      expect(framesOf(out), clip).toBe(decoded);
      expect(checkProgress(stderr)).toEqual({ last: decoded, total: decoded });
    }
  });

  it('says "N of M frames" and ffmpeg\'s reason for a truncated clip, in plain lines and in NDJSON', async () => {
    const whole = join(dir, 'whole.mp4');
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x96:rate=12',
      '-frames:v',
      '48',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
      whole,
    ]);
    const half = join(dir, 'half.mp4');
    writeFileSync(half, readFileSync(whole).subarray(0, Math.floor(statSync(whole).size / 2)));
    const plain = await run(['render', half, '-o', join(dir, 'half-plain.mp4'), '--size', '64', '--plain', ...FAST]);
    expect(plain.code, plain.stderr).toBe(0);
    const said = /warning: .*gave (\d+) of 48 frames \((.*partial file.*)\)/.exec(plain.stderr);
    expect(said, plain.stderr).not.toBeNull();
    const given = Number(said![1]);
    expect(given).toBeLessThan(48);
    expect(framesOf(join(dir, 'half-plain.mp4'))).toBe(given);
    const json = await run(['render', half, '-o', join(dir, 'half-json.mp4'), '--size', '64', '--json', ...FAST]);
    expect(json.code, json.stderr).toBe(0);
    const warnings = json.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; message?: string })
      .filter((e) => e.type === 'warning');
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(new RegExp(`gave ${given} of 48 frames \\(.*partial file`))]);
  });
});
