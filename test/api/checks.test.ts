import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distinctOutput, existingFile, folderOrAbsent, IMAGE_FORMATS, outputFormat, VIDEO_FORMATS, writableOutput } from '../../src/api/checks.js';
import { DreamreelError } from '../../src/errors.js';
import { isRedisUrl } from '../../src/options/farm.js';
import { invalid } from '../../src/options/messages.js';
import { nearest } from '../../src/options/nearest.js';

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

describe('option checks: messages and names', () => {
  it('names the flag, what was expected and what was received, in one shape', () => {
    expect(invalid('--octaves', 'an integer between 1 and 12', '0').message).toBe('Expected an integer between 1 and 12 for --octaves but received "0"');
    expect(invalid('--lr', 'a number', 3).message).toBe('Expected a number for --lr but received 3');
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
    expect(isRedisUrl('redis://queue:6379')).toBe(true);
    expect(isRedisUrl('rediss://queue')).toBe(true);
    for (const bad of ['queue:6379', 'http://queue:6379', 'not a url', 'redis://']) expect(isRedisUrl(bad)).toBe(false);
  });
});
