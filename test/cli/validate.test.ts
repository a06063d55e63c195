import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  distinctOutput,
  existingFile,
  folderOrAbsent,
  IMAGE_FORMATS,
  integerIn,
  invalid,
  nearest,
  numberIn,
  oneOf,
  outputFormat,
  pair,
  redisUrl,
  size,
  VIDEO_FORMATS,
  writableOutput,
} from '../../src/cli/validate.js';
import { DreamreelError } from '../../src/errors.js';

/** The message a check throws, failing the test when it throws something else or nothing. */
function messageOf(check: () => unknown): string {
  try {
    check();
  } catch (e) {
    expect(e).toBeInstanceOf(DreamreelError);
    return (e as Error).message;
  }
  throw new Error('expected the check to refuse its input');
}

describe('option checks: numbers', () => {
  it('names the flag, what was expected and what was received, in one shape', () => {
    expect(invalid('--octaves', 'an integer between 1 and 12', '0').message).toBe('Expected an integer between 1 and 12 for --octaves but received "0"');
    expect(invalid('--lr', 'a number', 3).message).toBe('Expected a number for --lr but received 3');
  });

  it('integers: accepts both ends of the range, from strings and numbers, and refuses the rest', () => {
    expect(integerIn('--octaves', '1', 1, 12)).toBe(1);
    expect(integerIn('--octaves', '12', 1, 12)).toBe(12);
    expect(integerIn('--octaves', ' 7 ', 1, 12)).toBe(7);
    expect(integerIn('--octaves', 5, 1, 12)).toBe(5);
    expect(messageOf(() => integerIn('--octaves', '0', 1, 12))).toBe('Expected an integer between 1 and 12 for --octaves but received "0"');
    expect(messageOf(() => integerIn('--octaves', '13', 1, 12))).toBe('Expected an integer between 1 and 12 for --octaves but received "13"');
    expect(messageOf(() => integerIn('--octaves', '2.5', 1, 12))).toContain('for --octaves');
    expect(messageOf(() => integerIn('--octaves', 2.5, 1, 12))).toBe('Expected an integer between 1 and 12 for --octaves but received 2.5');
    // An empty or blank value is not zero.
    expect(messageOf(() => integerIn('--steps', '', 0, 10))).toBe('Expected an integer between 0 and 10 for --steps but received ""');
    expect(messageOf(() => integerIn('--steps', '  ', 0, 10))).toContain('received "  "');
    expect(messageOf(() => integerIn('--steps', 'ten', 0, 10))).toContain('received "ten"');
  });

  it('numbers: accepts fractions and both ends, refuses the outside, NaN, infinities and blanks', () => {
    expect(numberIn('--lr', '0.5', 0, 1)).toBe(0.5);
    expect(numberIn('--lr', '0', 0, 1)).toBe(0);
    expect(numberIn('--lr', '1', 0, 1)).toBe(1);
    expect(numberIn('--lr', 0.25, 0, 1)).toBe(0.25);
    expect(messageOf(() => numberIn('--lr', '1.01', 0, 1))).toBe('Expected a number between 0 and 1 for --lr but received "1.01"');
    expect(messageOf(() => numberIn('--lr', '-0.01', 0, 1))).toContain('between 0 and 1');
    expect(messageOf(() => numberIn('--lr', 'Infinity', -Infinity, Infinity))).toContain('received "Infinity"');
    expect(messageOf(() => numberIn('--lr', 'NaN', 0, 1))).toContain('received "NaN"');
    expect(messageOf(() => numberIn('--lr', '', 0, 1))).toContain('received ""');
  });

  it('pairs: two finite numbers in range, separated by a comma', () => {
    expect(pair('--shift', '1.5,-2', -10, 10)).toEqual([1.5, -2]);
    expect(pair('--shift', '-10,10', -10, 10)).toEqual([-10, 10]);
    const expected = 'Expected two numbers between -10 and 10 such as 1.5,-2 for --shift but received';
    expect(messageOf(() => pair('--shift', '1', -10, 10))).toBe(`${expected} "1"`);
    expect(messageOf(() => pair('--shift', '1,2,3', -10, 10))).toBe(`${expected} "1,2,3"`);
    expect(messageOf(() => pair('--shift', '1,11', -10, 10))).toBe(`${expected} "1,11"`);
    expect(messageOf(() => pair('--shift', '-11,1', -10, 10))).toBe(`${expected} "-11,1"`);
    expect(messageOf(() => pair('--shift', '1,x', -10, 10))).toBe(`${expected} "1,x"`);
  });
});

describe('option checks: words and sizes', () => {
  it('one of a list, naming the list when refused', () => {
    expect(oneOf('--normalise', 'std', ['meanAbs', 'std'])).toBe('std');
    expect(messageOf(() => oneOf('--normalise', 'STD', ['meanAbs', 'std']))).toBe('Expected one of meanAbs, std for --normalise but received "STD"');
  });

  it('sizes: a longest side or width x height, each side from 16 to 16384 pixels', () => {
    expect(size('--size', '512')).toEqual({ maxSide: 512 });
    expect(size('--size', ' 640x360 ')).toEqual({ width: 640, height: 360 });
    expect(size('--size', '16x16384')).toEqual({ width: 16, height: 16384 });
    expect(messageOf(() => size('--size', '640x'))).toBe('Expected a size such as 512 or 640x360 for --size but received "640x"');
    expect(messageOf(() => size('--size', 'x360'))).toContain('a size such as 512');
    expect(messageOf(() => size('--size', '640x360x2'))).toContain('a size such as 512');
    expect(messageOf(() => size('--size', '-640'))).toContain('a size such as 512');
    expect(messageOf(() => size('--size', '15'))).toBe('Expected sides between 16 and 16384 pixels for --size but received "15"');
    expect(messageOf(() => size('--size', '640x15'))).toContain('sides between 16 and 16384');
    expect(messageOf(() => size('--size', '16385x640'))).toContain('sides between 16 and 16384');
  });

  it('"did you mean": the nearest names by edit distance, closest first', () => {
    const layers = ['inception_4c/output', 'inception_4d/output', 'inception_3a/output', 'conv2/3x3', 'pool5/7x7_s1'];
    expect(nearest('inception_4c/outptu', layers, 1)).toEqual(['inception_4c/output']);
    expect(nearest('inception_4e/output', layers, 2).sort()).toEqual(['inception_4c/output', 'inception_4d/output']);
    expect(nearest('conv2/3x3_reduce', layers)).toHaveLength(3);
    expect(nearest('conv2/3x3_reduce', layers)[0]).toBe('conv2/3x3');
    expect(nearest('pool', ['pool5/7x7_s1', 'pool'], 1)).toEqual(['pool']);
    // Insertions, deletions and substitutions each cost one.
    expect(nearest('abcd', ['abxd', 'abd', 'axxd', 'abcde', 'zzzz'], 5)).toEqual(['abxd', 'abd', 'abcde', 'axxd', 'zzzz']);
    expect(nearest('', ['ab', 'a', 'abc'], 3)).toEqual(['a', 'ab', 'abc']);
    expect(layers[0]).toBe('inception_4c/output');
  });
});

describe('option checks: files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dreamreel-validate-'));
  const file = join(dir, 'in.png');
  writeFileSync(file, 'x');

  it('an existing input file, or a one-line refusal naming the flag', () => {
    expect(existingFile('--guide', file)).toBe(file);
    expect(messageOf(() => existingFile('--guide', join(dir, 'none.png')))).toBe(`--guide: no such file ${join(dir, 'none.png')}`);
  });

  it('an output in an existing folder that is not itself a folder', () => {
    expect(writableOutput(join(dir, 'out.png'))).toBe(join(dir, 'out.png'));
    expect(messageOf(() => writableOutput(join(dir, 'missing', 'out.png')))).toBe(
      `cannot write ${join(dir, 'missing', 'out.png')}: no such folder ${join(dir, 'missing')}`,
    );
    mkdirSync(join(dir, 'taken.png'));
    expect(messageOf(() => writableOutput(join(dir, 'taken.png')))).toBe(`cannot write ${join(dir, 'taken.png')}: it is a folder`);
  });

  it.skipIf(process.getuid?.() === 0)('an output whose folder is not writable (skipped as root, who may write anywhere)', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    expect(messageOf(() => writableOutput(join(locked, 'out.png')))).toBe(`cannot write ${join(locked, 'out.png')}: its folder is not writable`);
  });

  it('refuses an output that is the input, through a symlink or a relative path too', () => {
    expect(() => distinctOutput(file, join(dir, 'other.png'))).not.toThrow();
    expect(messageOf(() => distinctOutput(file, file))).toBe(`refusing to write ${file}: it is the input ${file} itself; choose another output`);
    const link = join(dir, 'link.png');
    symlinkSync(file, link);
    expect(messageOf(() => distinctOutput(link, file))).toContain('it is the input');
    // The output need not exist yet: its folder's real path is compared.
    const linkedDir = join(dir, 'linked-dir');
    symlinkSync(dir, linkedDir);
    expect(messageOf(() => distinctOutput(join(dir, 'new.png'), join(linkedDir, 'new.png')))).toContain('it is the input');
    expect(() => distinctOutput(join(dir, 'new.png'), join(linkedDir, 'new2.png'))).not.toThrow();
    expect(() => distinctOutput(join(dir, 'no', 'such.png'), join(dir, 'no', 'other.png'))).not.toThrow();
    expect(messageOf(() => distinctOutput(join(dir, 'no', 'such.png'), join(dir, 'no', '..', 'no', 'such.png')))).toContain('it is the input');
  });

  it('output formats by extension, case-insensitively, with a message for none and for an unknown one', () => {
    expect(outputFormat('a/out.MP4', VIDEO_FORMATS)).toBe('mp4');
    expect(outputFormat('out.webp', IMAGE_FORMATS)).toBe('webp');
    expect(messageOf(() => outputFormat('out.avi', VIDEO_FORMATS))).toBe('cannot write out.avi: .avi is not one of .mp4, .mkv, .mov, .webm, .gif');
    expect(messageOf(() => outputFormat('out', IMAGE_FORMATS))).toBe('cannot write out: give an extension, one of .png, .jpg, .jpeg, .webp, .tiff, .avif');
  });

  it('a folder to write into: absent or a folder, never a plain file', () => {
    expect(folderOrAbsent('--frames-dir', dir)).toBe(dir);
    expect(folderOrAbsent('--frames-dir', join(dir, 'absent'))).toBe(join(dir, 'absent'));
    expect(messageOf(() => folderOrAbsent('--frames-dir', file))).toBe(`--frames-dir: ${file} is a file, not a folder`);
  });

  it('Redis URLs: redis:// or rediss:// with a host', () => {
    expect(redisUrl('--farm', 'redis://queue:6379')).toBe('redis://queue:6379');
    expect(redisUrl('--farm', 'rediss://queue')).toBe('rediss://queue');
    const expected = 'Expected a Redis URL such as redis://queue:6379 for --farm but received';
    expect(messageOf(() => redisUrl('--farm', 'queue:6379'))).toBe(`${expected} "queue:6379"`);
    expect(messageOf(() => redisUrl('--farm', 'http://queue:6379'))).toBe(`${expected} "http://queue:6379"`);
    expect(messageOf(() => redisUrl('--farm', 'not a url'))).toBe(`${expected} "not a url"`);
    expect(messageOf(() => redisUrl('--farm', 'redis://'))).toBe(`${expected} "redis://"`);
  });
});
