import { describe, expect, it } from 'vitest';
import { imageOptions, parseFlags, parseOptions } from '../../src/options/index.js';
import { layersField, layersText, parseLayerText } from '../../src/options/layers.js';
import { MASK_DEFAULTS, hasMask, maskShape, parseMaskOptions, splitRegion } from '../../src/options/mask.js';

const failure = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};
const LAYERS = 'items such as inception_4c/output, inception_4d/output[139], mixed4c:0.5 or mixed4c:(0:(1), 48:(0))';
const REGION = 'MASK=SPEC such as sky.png=inception_4d/output[139] or sky.png=eyes-and-animals';

describe('layers', () => {
  it('reads names, channels and weights, weights from -100 to 100', () => {
    expect(parseLayerText(' a , b[3]:0.5,c:-100,d[0]:100, e:1e1')).toEqual([
      { layer: 'a', weight: 1 },
      { layer: 'b', channel: 3, weight: 0.5 },
      { layer: 'c', weight: -100 },
      { layer: 'd', channel: 0, weight: 100 },
      { layer: 'e', weight: 10 },
    ]);
    expect(parseLayerText('a:100.5')).toBeUndefined();
    expect(parseLayerText('a[x]')).toBeUndefined();
  });

  it('says which half is wrong, by flag on the command line and by key in the library', () => {
    expect(failure(() => parseFlags(imageOptions, { layers: 'a,b:101' }))).toBe('Expected a weight between -100 and 100 for --layers but received "a,b:101"');
    expect(failure(() => parseOptions(imageOptions, { layers: ['a', 'b:-101'] }, 'library'))).toBe(
      'Expected a weight between -100 and 100 for layers but received ["a","b:-101"]',
    );
    expect(failure(() => parseOptions(imageOptions, { layers: 'a:(200)' }, 'library'))).toBe(
      'Expected a weight between -100 and 100 for layers but received "a:(200)"',
    );
    expect(failure(() => parseOptions(imageOptions, { layers: 3 }, 'library'))).toBe(`Expected ${LAYERS} for layers but received 3`);
    expect(failure(() => parseFlags(imageOptions, { layers: 'a:1-' }))).toBe('Expected a weight between -100 and 100 for --layers but received "a:1-"');
    expect(failure(() => parseFlags(imageOptions, { layers: 'a:x' }))).toBe(`Expected ${LAYERS} for --layers but received "a:x"`);
  });

  it('takes a scheduled weight, a constant one as a plain weight, and passes a schedule refusal through whole', () => {
    expect(parseLayerText('m[2]:(0:(1), 48:(0)), n')).toEqual([
      { layer: 'm', channel: 2, weight: 1, weightSchedule: '0:(1), 48:(0)' },
      { layer: 'n', weight: 1 },
    ]);
    expect(parseLayerText('m:(1 - t/48)')).toEqual([{ layer: 'm', weight: 1, weightSchedule: '1 - t/48' }]);
    expect(parseLayerText('m:(0.25)')).toEqual([{ layer: 'm', weight: 0.25 }]);
    expect(parseLayerText('m[4]:(-100)')).toEqual([{ layer: 'm', channel: 4, weight: -100 }]);
    expect(failure(() => parseFlags(imageOptions, { layers: 'm:(1 +)' }))).toBe(
      'Expected a number, a name or "(" for --layers weight of m at position 4 of "1 +" but received "the end"',
    );
  });

  it('takes parsed targets back (a farm payload), and writes targets back as text that reads the same', () => {
    const targets = parseLayerText('a,b[3]:0.5,c[1]:(0:(1), 48:(0)),d:-2')!;
    expect(layersText(targets)).toBe('a,b[3]:0.5,c[1]:(0:(1), 48:(0)),d:-2');
    expect(parseLayerText(layersText(targets))).toEqual(targets);
    expect(layersField().parse(targets)).toEqual(targets);
    expect(layersField().parse(['a,b', { layer: 'c', weight: 2 }])).toEqual([
      { layer: 'a', weight: 1 },
      { layer: 'b', weight: 1 },
      { layer: 'c', weight: 2 },
    ]);
    expect(layersField().safeParse([{ layer: 'c', weight: 2, extra: 1 }]).success).toBe(false);
    expect(layersField().safeParse([{ layer: 'c', weight: 101 }]).success).toBe(false);
  });
});

describe('mask options', () => {
  it('splits a region at its last "=", trimmed, and refuses an empty half', () => {
    expect(splitRegion(' sky.png = a[3] ')).toEqual({ mask: 'sky.png', spec: 'a[3]' });
    expect(splitRegion('a=b.png=c')).toEqual({ mask: 'a=b.png', spec: 'c' });
    for (const bad of ['sky.png', '=a', 'sky.png=', ' =a', 'sky.png= ']) expect(splitRegion(bad)).toBeUndefined();
  });

  it('has defaults, and reads the mask flags as typed, ignoring the other flags', () => {
    expect(MASK_DEFAULTS).toEqual({ maskInvert: false, maskFeather: 0, showMask: false, region: [] });
    expect(
      parseMaskOptions({ octaves: '3', mask: 'm.png', maskFeather: '256', maskThreshold: '1', maskInvert: true, showMask: true, region: ['s.png=a'] }),
    ).toEqual({ mask: 'm.png', maskInvert: true, maskFeather: 256, maskThreshold: 1, showMask: true, region: ['s.png=a'] });
    expect(parseMaskOptions({ maskThreshold: '0' }).maskThreshold).toBe(0);
  });

  it('refuses out-of-range values and bad regions by name', () => {
    expect(failure(() => parseMaskOptions({ maskFeather: '257' }))).toBe('Expected a number between 0 and 256 for --mask-feather but received "257"');
    expect(failure(() => parseMaskOptions({ maskFeather: '-1' }))).toBe('Expected a number between 0 and 256 for --mask-feather but received "-1"');
    expect(failure(() => parseMaskOptions({ maskThreshold: '1.5' }))).toBe('Expected a number between 0 and 1 for --mask-threshold but received "1.5"');
    expect(failure(() => parseMaskOptions({ mask: '' }))).toBe('Expected a picture, a video, motion or still for --mask but received ""');
    expect(failure(() => parseMaskOptions({ region: ['s.png=a', 'bad', 'x='] }))).toBe(`Expected ${REGION} for --region but received "bad"`);
    expect(failure(() => parseOptions(imageOptions, { region: ['=a'] }, 'library'))).toBe(`Expected ${REGION} for region but received "=a"`);
    expect(failure(() => parseOptions(imageOptions, { region: 's.png=a' }, 'library'))).toBe(`Expected a list of ${REGION} for region but received "s.png=a"`);
  });

  it('knows whether a mask was given, and the shape it is read with', () => {
    expect(hasMask(MASK_DEFAULTS)).toBe(false);
    expect(hasMask({ ...MASK_DEFAULTS, mask: 'motion' })).toBe(true);
    expect(hasMask({ ...MASK_DEFAULTS, region: ['a=b'] })).toBe(true);
    expect(maskShape(MASK_DEFAULTS)).toStrictEqual({ invert: false, feather: 0 });
    expect(maskShape({ ...MASK_DEFAULTS, maskInvert: true, maskFeather: 3, maskThreshold: 0 })).toEqual({ invert: true, feather: 3, threshold: 0 });
  });
});
