import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { cli } from '../helpers/cli.js';
import { hasShared, IMAGES, MODELS } from '../helpers/shared.js';
import { ffmpeg, workDir } from '../helpers/clips.js';
import { meanLevels } from '../helpers/mask-measures.js';
import { readImage } from '../../src/pipeline/image-io.js';
import type { RgbImage } from '../../src/image/image.js';

const FAST = ['--octaves', '2', '--steps', '4', '--backend', 'ort-cpu', '--seed', '2'];
const [W, H] = [96, 64];

/** Correlation of two dreams' residuals (dream − source) over the pixels `where` picks. */
function residualCorrelation(a: RgbImage, b: RgbImage, source: RgbImage, where: (x: number, y: number) => boolean): number {
  let [ab, aa, bb] = [0, 0, 0];
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      if (!where(x, y)) continue;
      for (let c = 0; c < 3; c++) {
        const i = (y * W + x) * 3 + c;
        const [ra, rb] = [a.data[i]! - source.data[i]!, b.data[i]! - source.data[i]!];
        [ab, aa, bb] = [ab + ra * rb, aa + ra * ra, bb + rb * rb];
      }
    }
  return ab / Math.sqrt(aa * bb);
}

describe.runIf(hasShared)('image --mask and --region', () => {
  const dir = workDir();
  const half = (name: string, test: string): string => {
    const path = join(dir, `mask-${name}.png`);
    ffmpeg(['-f', 'lavfi', '-i', `color=c=black:s=${W}x${H}`, '-vf', `format=gray,geq=lum='255*${test}'`, '-frames:v', '1', path]);
    return path;
  };
  let photo: string;
  beforeAll(() => {
    process.env.DREAMREEL_MODELS = MODELS;
    photo = join(dir, 'rocket.png');
    ffmpeg(['-i', `${IMAGES}/rocket.jpg`, '-vf', `scale=${W}:${H}`, photo]);
  });

  it('keeps the source exactly where the mask is black and dreams where it is white (inverted too)', async () => {
    const left = half('left', 'lt(X\\,48)');
    expect((await cli(['image', photo, '-o', join(dir, 'left.png'), '--mask', left, '-l', 'inception_3b/output', ...FAST])).code).toBe(0);
    expect((await cli(['image', photo, '-o', join(dir, 'right.png'), '--mask', left, '--mask-invert', '-l', 'inception_3b/output', ...FAST])).code).toBe(0);
    const [source, l, r] = await Promise.all([readImage(photo), readImage(join(dir, 'left.png')), readImage(join(dir, 'right.png'))]);
    const west = (x: number): boolean => x < 48;
    expect(meanLevels(l, source, (x) => !west(x))).toBe(0);
    expect(meanLevels(r, source, (x) => west(x))).toBe(0);
    expect(meanLevels(l, source, (x) => x < 44)).toBeGreaterThan(3);
    expect(meanLevels(r, source, (x) => x >= 52)).toBeGreaterThan(3);
  });

  it('zooms with a mask: the masked-out half stays the undreamed still, zoomed', async () => {
    const left = half('zoom-left', 'lt(X\\,48)');
    const frames = join(dir, 'zoom-frames');
    const done = await cli([
      'zoom',
      photo,
      '-o',
      join(dir, 'zoom.mp4'),
      '--mask',
      left,
      '--frames',
      '4',
      '--zoom',
      '1.02',
      '--size',
      '96x64',
      '--frames-dir',
      frames,
      '-l',
      'inception_3b/output',
      '--steps-next',
      '2',
      ...FAST,
    ]);
    expect(done.code, done.stderr).toBe(0);
    const source = await readImage(photo);
    const shots = await Promise.all([0, 1, 2, 3].map((t) => readImage(join(frames, `frame-${String(t).padStart(6, '0')}.png`))));
    expect(meanLevels(shots[0]!, source, (x) => x >= 48)).toBe(0);
    // Each frame's source is the last frame zoomed in from the centre: the right half comes from
    // the right half only, and stays exactly that, undreamed; the left half dreams.
    const { zoomRotateShift } = await import('../../src/flow/affine.js');
    for (let t = 1; t < 4; t++) {
      const zoomed = zoomRotateShift(shots[t - 1]!, { zoom: 1.02, rotateDegrees: 0, shift: [0, 0] });
      expect(meanLevels(shots[t]!, zoomed, (x) => x >= 50)).toBeLessThan(0.3);
      expect(meanLevels(shots[t]!, zoomed, (x) => x < 44)).toBeGreaterThan(1);
    }
  });

  it('takes the same mask and regions through the library', async () => {
    const { dream } = await import('../../src/api/dream.js');
    const left = half('lib-left', 'lt(X\\,48)');
    const top = half('lib-top', 'lt(Y\\,32)');
    const source = await readImage(photo);
    const out = await dream(photo, {
      mask: left,
      maskFeather: 2,
      layers: 'inception_3b/output',
      region: [`${top}=inception_4c/output[97]`],
      octaves: 2,
      steps: 3,
      backend: 'ort-cpu',
    });
    expect(meanLevels(out, source, (x) => x >= 56)).toBe(0);
    expect(meanLevels(out, source, (x) => x < 40)).toBeGreaterThan(3);
    await expect(dream(photo, { mask: left, maskFeather: -2 })).rejects.toThrow('Expected a number between 0 and 256 for maskFeather but received -2');
  });

  it('dreams two regions with two layers, each as strong as that layer alone on the whole picture', async () => {
    const top = half('top', 'lt(Y\\,32)');
    const bottom = half('bottom', 'gte(Y\\,32)');
    const [a, b] = ['inception_3b/output', 'inception_4c/output[97]'];
    const regions = await cli(['image', photo, '-o', join(dir, 'regions.png'), '--region', `${top}=${a}`, '--region', `${bottom}=${b}`, ...FAST]);
    expect(regions.code, regions.stderr).toBe(0);
    expect((await cli(['image', photo, '-o', join(dir, 'a.png'), '-l', a, ...FAST])).code).toBe(0);
    expect((await cli(['image', photo, '-o', join(dir, 'b.png'), '-l', b, ...FAST])).code).toBe(0);
    const [source, both, onlyA, onlyB] = await Promise.all(['rocket', 'regions', 'a', 'b'].map((n) => readImage(join(dir, `${n}.png`))));
    const upper = (_: number, y: number): boolean => y < 28;
    const lower = (_: number, y: number): boolean => y >= 36;
    const ratios = [
      meanLevels(both!, source!, upper) / meanLevels(onlyA!, source!, upper),
      meanLevels(both!, source!, lower) / meanLevels(onlyB!, source!, lower),
    ];
    const likeA = residualCorrelation(both!, onlyA!, source!, upper) - residualCorrelation(both!, onlyB!, source!, upper);
    const likeB = residualCorrelation(both!, onlyB!, source!, lower) - residualCorrelation(both!, onlyA!, source!, lower);
    console.log(
      `regions: strength ${ratios.map((r) => r.toFixed(2)).join(', ')} of each layer alone; each region resembles its own layer's dream by ${likeA.toFixed(2)}, ${likeB.toFixed(2)} more in correlation`,
    );
    for (const ratio of ratios) expect(ratio).toBeGreaterThanOrEqual(0.85);
    expect(likeA).toBeGreaterThan(0.1);
    expect(likeB).toBeGreaterThan(0.1);
  });

  it('takes --region and mask options from a preset file, and refuses a malformed one in one line', async () => {
    const top = half('preset-top', 'lt(Y\\,32)');
    const preset = join(dir, 'halves.json');
    writeFileSync(
      preset,
      JSON.stringify({
        description: 'pagodas above, dogs below',
        layers: { googlenet: 'inception_3b/output' },
        options: { octaves: 2, steps: 3, region: [`${top}=inception_4c/output[97]`], maskFeather: 2 },
      }),
    );
    const done = await cli(['image', photo, '-o', join(dir, 'preset.png'), '--preset', preset, '--backend', 'ort-cpu', '--json']);
    expect(done.code, done.stderr).toBe(0);
    const bad = join(dir, 'bad-preset.json');
    writeFileSync(bad, JSON.stringify({ description: 'x', layers: {}, options: { region: 'not a list' } }));
    const refused = await cli(['image', photo, '-o', join(dir, 'x.png'), '--preset', bad]);
    expect(refused.stderr).toMatch(
      /^dreamreel: preset .*bad-preset\.json: Expected a list of MASK=SPEC such as .* for options\.region but received "not a list"\n$/,
    );
  });

  it('answers a bad --region in one line', async () => {
    const top = half('top2', 'lt(Y\\,32)');
    const cases: [string, RegExp][] = [
      [
        'nothing',
        /^dreamreel: Expected MASK=SPEC such as sky\.png=inception_4d\/output\[139\] or sky\.png=eyes-and-animals for --region but received "nothing"\n$/,
      ],
      [`${join(dir, 'gone.png')}=inception_3b/output`, /^dreamreel: --region: no such file .*gone\.png\n$/],
      [`${top}=inception_9z/output`, /^dreamreel: unknown layer "inception_9z\/output" in googlenet; nearest: .*\n$/],
      [
        `${join(dir, 'bad.png')}=inception_3b/output`,
        /^dreamreel: refusing to write .*bad\.png: it is the --region .*bad\.png itself; choose another output\n$/,
      ],
      ['motion=inception_3b/output', /^dreamreel: --region motion is made from the clip's motion: image has no clip to measure, use it with render\n$/],
    ];
    for (const [region, message] of cases) {
      const { code, stderr } = await cli(['image', photo, '-o', join(dir, 'bad.png'), '--region', region, ...FAST]);
      expect(stderr).toMatch(message);
      expect(code).toBe(1);
    }
  });
});
