import { describe, expect, it } from 'vitest';
import { farmOptions, flagOf, imageOptions, parseFlags, parseOptions, renderOptions, zoomOptions, type OptionSet } from '../../src/options/index.js';

const cliError = (flags: Record<string, unknown>, set: OptionSet = imageOptions): string => {
  try {
    parseFlags(set, flags);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};
const libraryError = (options: Record<string, unknown>, set: OptionSet = imageOptions): string => {
  try {
    parseOptions(set, options, 'library');
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('the options model', () => {
  it('derives each flag from its key', () => {
    expect(['octaves', 'octaveScale', 'tileSize', 'layerSchedule', 'lrEnd'].map(flagOf)).toEqual([
      '--octaves',
      '--octave-scale',
      '--tile-size',
      '--layer-schedule',
      '--lr-end',
    ]);
  });

  it('says one message shape: the flag and the string typed on the command line, the key and the value given in the library', () => {
    expect(cliError({ octaves: '0' })).toBe('Expected an integer between 1 and 12 for --octaves but received "0"');
    expect(cliError({ octaves: 'many' })).toBe('Expected an integer between 1 and 12 for --octaves but received "many"');
    expect(cliError({ octaves: '' })).toBe('Expected an integer between 1 and 12 for --octaves but received ""');
    expect(cliError({ octaveScale: '9' })).toBe('Expected a number between 1.05 and 4 for --octave-scale but received "9"');
    expect(libraryError({ octaves: 2.5 })).toBe('Expected an integer between 1 and 12 for octaves but received 2.5');
    expect(libraryError({ octaveScale: '1.4' })).toBe('Expected a number between 1.05 and 4 for octaveScale but received "1.4"');
    expect(cliError({ mean: '0.5,0.5' })).toBe('Expected three numbers between -1000 and 1000 such as 0.485,0.456,0.406 for --mean but received "0.5,0.5"');
    expect(libraryError({ mean: [0.5, 0.5, 2000] })).toBe(
      'Expected three numbers between -1000 and 1000 such as 0.485,0.456,0.406 for mean but received [0.5,0.5,2000]',
    );
    expect(cliError({ normalise: 'l2' })).toBe('Expected one of meanAbs, std for --normalise but received "l2"');
    expect(cliError({ size: '7x7' })).toBe('Expected sides between 16 and 16384 pixels for --size but received "7x7"');
    expect(cliError({ size: 'big' })).toBe('Expected a size such as 512 or 640x360 for --size but received "big"');
    expect(cliError({ shift: '1' }, zoomOptions)).toBe('Expected two numbers between -100 and 100 such as 1.5,-2 for --shift but received "1"');
    expect(cliError({ layers: 'a[x]' })).toBe(
      'Expected items such as inception_4c/output, inception_4d/output[139], mixed4c:0.5 or mixed4c:(0:(1), 48:(0)) for --layers but received "a[x]"',
    );
    expect(libraryError({ stepz: 3 })).toBe('unknown option "stepz"');
  });

  it('names the options of a conflict as the surface does', () => {
    expect(cliError({ class: '285', crop: '0.2' })).toBe('--crop cannot be combined with --class: a class logit has no border to crop');
    expect(libraryError({ class: 285, crop: 0.2 })).toBe('crop cannot be combined with class: a class logit has no border to crop');
    expect(libraryError({ resume: true, restart: true }, renderOptions)).toBe('resume and restart contradict each other');
    expect(libraryError({ guide: 'g.png', layers: 'a[3]' })).toBe('guide matches whole layers: drop the [channel] from layers');
  });

  it('fills the defaults, per command where they differ', () => {
    const image = parseFlags(imageOptions, {});
    expect(image).toMatchObject({
      octaves: 4,
      octaveScale: 1.4,
      steps: 10,
      lr: 0.01,
      blur: 1,
      blurEnd: 0.3,
      normalise: 'meanAbs',
      jitter: 32,
      tileSize: 512,
      seed: 0,
      start: 'image',
    });
    expect(parseOptions(renderOptions, {}, 'library')).toMatchObject({
      stepsNext: 5,
      blend: 1,
      flow: true,
      carry: 'steady',
      audio: true,
      scheduleMode: 'blend',
    });
    const zoomDefaults = parseOptions(zoomOptions, {}, 'library');
    expect(zoomDefaults).toMatchObject({ stepsNext: 4, fps: 24, zoom: 1.03, rotate: 0, shift: [0, 0] });
    // frames is left out: 120 without a song, the song's length with `audio` (api/zoom.ts decides).
    expect(zoomDefaults.frames).toBeUndefined();
  });

  it('reads flags and library values into the same parsed value, which parses back to itself (a farm job)', () => {
    const fromCli = parseFlags(renderOptions, {
      layers: 'inception_4c/output,inception_4d/output[139]:0.5',
      flow: 'off',
      mean: '1,2,3',
      octaves: '3',
      layerSchedule: '0=a;8=b[2]',
    });
    const fromLibrary = parseOptions(
      renderOptions,
      { layers: ['inception_4c/output', 'inception_4d/output[139]:0.5'], flow: false, mean: [1, 2, 3], octaves: 3, layerSchedule: '0=a;8=b[2]' },
      'library',
    );
    expect(fromLibrary).toEqual(fromCli);
    expect(fromCli.layers).toEqual([
      { layer: 'inception_4c/output', weight: 1 },
      { layer: 'inception_4d/output', channel: 139, weight: 0.5 },
    ]);
    const travelled = JSON.parse(JSON.stringify(fromCli));
    expect(parseOptions(renderOptions, travelled, 'library')).toEqual(fromCli);
  });

  it('joins the seams group to the farm options: --seam-frames defaults to 12, 0 is a hard join, out of range is refused by name', () => {
    expect(parseFlags(farmOptions, {}).seamFrames).toBe(12);
    expect(parseFlags(farmOptions, { seamFrames: '0' }).seamFrames).toBe(0);
    expect(cliError({ seamFrames: '-1' }, farmOptions)).toBe('Expected an integer between 0 and 1000 for --seam-frames but received "-1"');
    expect(cliError({ seamFrames: 'x' }, farmOptions)).toBe('Expected an integer between 0 and 1000 for --seam-frames but received "x"');
  });
});
