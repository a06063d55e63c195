import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { cli } from '../helpers/cli.js';
import { workDir } from '../helpers/clips.js';
import { hasShared, IMAGES } from '../helpers/shared.js';
import { FAST, run } from '../faults/helpers-pipeline.js';

/** Schedules come from other people's command lines, presets and farm jobs: refused in one line, before any work. */
describe('hostile schedules through the CLI', () => {
  const dir = workDir();
  const still = join(dir, 'still.png');
  if (hasShared) copyFileSync(`${IMAGES}/chelsea.png`, still);

  const hostile: [string, string, RegExp][] = [
    ['--zoom', 'process.exit(3)', /^dreamreel: Expected one of t, s, fps.* for --zoom at position 1 of "process.exit\(3\)" but received "process"\n$/],
    [
      '--rotate',
      'constructor.constructor("return process")().exit(3)',
      /^dreamreel: Expected one of .* for --rotate at position 1 of .* but received "constructor"\n$/,
    ],
    ['--lr', '0:(__proto__)', /^dreamreel: Expected one of .* for --lr at position 4 of "0:\(__proto__\)" but received "__proto__"\n$/],
    [
      '--lr',
      '0.05 + 0.01/(t-2)',
      /^dreamreel: Expected a divisor other than 0 after "\/" for --lr at position 12 of "0.05 \+ 0.01\/\(t-2\)" but received "0" at frame 2\n$/,
    ],
    [
      '--zoom',
      '1 + sqrt(t - 3)',
      /^dreamreel: Expected a finite number from sqrt for --zoom at position 5 of "1 \+ sqrt\(t - 3\)" but received "NaN" at frame 0\n$/,
    ],
    ['--zoom', '0:(1), 3:(3)', /^dreamreel: Expected values between 0.5 and 2 for --zoom but received 2.33333 at frame 2 from "0:\(1\), 3:\(3\)"\n$/],
    [
      '--shift',
      '(0:(0), 3:(400)), 0',
      /^dreamreel: Expected values between -100 and 100 for --shift dx but received 133.333 at frame 1 from "0:\(0\), 3:\(400\)"\n$/,
    ],
    ['--steps-next', '0:(2) +* 1', /^dreamreel: Expected a number, a name or "\(" for --steps-next at position 8 of "0:\(2\) \+\* 1" but received "\*"\n$/],
    [
      '--lr',
      '0:(0.002 + 0.03*rms)',
      /^dreamreel: Expected one of t, s, fps, frames, pi \(music features such as rms need --audio FILE\) for --lr at position 17 of "0:\(0.002 \+ 0.03\*rms\)" but received "rms"\n$/,
    ],
    [
      '--octave-scale',
      `0:(${'1+'.repeat(5 * 1024 * 1024)}1)`,
      /^dreamreel: Expected a schedule of at most 10000 characters for --octave-scale but received 10485765 characters\n$/,
    ],
  ];

  it.runIf(hasShared).each(hostile)('%s %s: one line, exit 1, nothing written', async (flag, value, message) => {
    const out = join(dir, 'zoom.mp4');
    const { code, stderr, stdout } = await cli(['zoom', still, '-o', out, '--size', '64', '--frames', '4', ...FAST, flag, value]);
    expect(stderr).toMatch(message);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['still.png']);
  });

  it.runIf(hasShared)('a real process given process.exit(3) exits 1 (not 3) with one line', async () => {
    const out = join(dir, 'child.mp4');
    const { code, stderr } = await run(['zoom', still, '-o', out, '--size', '64', '--frames', '4', ...FAST, '--zoom', 'process.exit(3)']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['still.png']);
  });

  it.runIf(hasShared)('render refuses a bad --blend schedule before decoding a frame', async () => {
    const { code, stderr } = await cli(['render', 'samples/clip.mp4', '-o', join(dir, 'r.mp4'), '--size', '64', ...FAST, '--blend', '0:(1), 10:(-1)']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^dreamreel: Expected values between 0 and 1 for --blend but received -0.2 at frame 6 from "0:\(1\), 10:\(-1\)"\n$/);
    expect(readdirSync(dir)).toEqual(['still.png']);
  });
});

describe('dreamreel schedule', () => {
  const dir = workDir();

  it("prints every frame's value and draws the curve as a PNG of the asked size", async () => {
    const plot = join(dir, 'zoom.png');
    const { code, stdout, stderr } = await cli([
      'schedule',
      '0:(1.0), 24:(1.05)~ease-in-out, 48:(1.0)',
      '--frames',
      '49',
      '--fps',
      '12',
      '--plot',
      plot,
      '--plot-size',
      '480x200',
      '--json',
    ]);
    expect(code, stderr).toBe(0);
    const printed = JSON.parse(stdout) as { fps: number; frames: number; values: number[] };
    expect(printed.frames).toBe(49);
    expect(printed.values[12]).toBeCloseTo(1.025, 12);
    expect(printed.values[36]).toBeCloseTo(1.025, 12);
    expect(printed.values[30]).toBeGreaterThan(1.04);
    const meta = await sharp(plot).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 480, 200]);
    // The curve is drawn: its colour is in the picture, up high at frame 24 and low at the ends.
    const { data, info } = await sharp(plot).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const purpleRows = new Set<number>();
    for (let p = 0; p < info.width * info.height; p++)
      if (data[p * 3]! < 140 && data[p * 3 + 1]! < 100 && data[p * 3 + 2]! > 170) purpleRows.add(Math.floor(p / info.width));
    expect(Math.max(...purpleRows) - Math.min(...purpleRows)).toBeGreaterThan(100);
    expect(readdirSync(dir)).toEqual(['zoom.png']);
  });

  it('prints a table, checks a range with --as, and refuses before writing the plot', async () => {
    const table = await cli(['schedule', '2*t', '--frames', '3']);
    expect(table.stdout).toBe('frame\tseconds\tvalue\n0\t0\t0\n1\t0.0417\t2\n2\t0.0833\t4\n');
    const plot = join(dir, 'bad.png');
    const bad = await cli(['schedule', '0:(1), 4:(0)', '--frames', '5', '--as', 'stepsNext', '--plot', plot]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('dreamreel: Expected whole numbers between 1 and 1000 for --steps-next but received 0.25 at frame 3 from "0:(1), 4:(0)"\n');
    expect(readdirSync(dir)).toEqual(['zoom.png']);
  });

  it('reads the music features of --audio: a song getting louder gives a rising lr, its rms measured apart', async () => {
    // A 220 Hz tone whose amplitude rises linearly over 2 s: its rms per quarter second rises with it.
    const song = join(dir, 'ramp.wav');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=2', '-af', "volume='t/2':eval=frame", song]);
    const without = await cli(['schedule', '0.002 + 0.03*rms', '--frames', '8', '--fps', '4']);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/music features such as rms need --audio FILE/);
    const { code, stdout, stderr } = await cli(['schedule', '0.002 + 0.03*rms', '--audio', song, '--frames', '8', '--fps', '4', '--as', 'lr', '--json']);
    expect(code, stderr).toBe(0);
    const { values } = JSON.parse(stdout) as { values: number[] };
    // The rms of a linear ramp from amplitude a to b is sqrt((b³ - a³) / 3(b - a)); scaled to the loudest frame's.
    const rampRms = (i: number): number => Math.sqrt(((i + 1) ** 3 - i ** 3) / 3);
    const expected = values.map((_, i) => 0.002 + 0.03 * (rampRms(i) / rampRms(7)));
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 3));
    expect(values.at(-1)).toBeCloseTo(0.032, 6);
  });
});
