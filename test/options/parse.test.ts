import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decimal, integer, numbers, oneOf } from '../../src/options/fields.js';
import { defaultOf, fromFlags, optionSet, parseFlags, parseOptions } from '../../src/options/parse.js';

const base = {
  schema: z.object({
    steps: integer(1, 100).default(10),
    lr: decimal(0, 1).optional(),
    mean: numbers(2, -5, 5, '1,2').optional(),
    mode: oneOf(['a', 'b']).default('a'),
  }),
  rules: [(o: { steps: number; lr?: number }) => (o.lr !== undefined && o.steps > 50 ? '{lr} cannot be combined with many {steps}' : undefined)],
};
const override = { schema: z.object({ steps: integer(1, 100).default(4) }) };
const set = optionSet(base, override);
const failure = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('option sets', () => {
  it('joins groups, a later group setting the default, and keeps every rule', () => {
    expect(parseOptions(set, {}, 'library')).toEqual({ steps: 4, mode: 'a' });
    expect(parseOptions(set, undefined, 'library')).toEqual({ steps: 4, mode: 'a' });
    expect(set.rules).toHaveLength(1);
    expect(failure(() => parseOptions(set, { lr: 0.5, steps: 51 }, 'library'))).toBe('lr cannot be combined with many steps');
    expect(failure(() => parseFlags(set, { lr: '0.5', steps: '51' }))).toBe('--lr cannot be combined with many --steps');
    expect(parseFlags(set, { lr: '0.5', steps: '50' })).toEqual({ lr: 0.5, steps: 50, mode: 'a' });
    expect(failure(() => parseOptions(set, { stepz: 1 }, 'library'))).toBe('unknown option "stepz"');
  });

  it('turns flag strings into numbers and lists, leaving other kinds and unknown flags alone', () => {
    expect(fromFlags(set, { steps: '3', lr: ' 0.5 ', mean: '1,-2', mode: 'b', output: 'x.png', other: undefined })).toEqual({
      steps: 3,
      lr: 0.5,
      mean: [1, -2],
      mode: 'b',
    });
    expect(fromFlags(set, { steps: 7, lr: undefined })).toStrictEqual({ steps: 7 });
    // Under a refinement a number is still a number; a list of words is left as typed.
    const kinds = optionSet({ schema: z.object({ n: decimal(0, 1).refine(() => true), tags: z.array(z.string()).optional() }) });
    expect(fromFlags(kinds, { n: '0.5', tags: 'a,b' })).toStrictEqual({ n: 0.5, tags: 'a,b' });
    expect(fromFlags(set, { steps: '', lr: '  ', mean: '1,' })).toEqual({ steps: NaN, lr: NaN, mean: [1, NaN] });
    expect(failure(() => parseFlags(set, { mean: '1,' }))).toBe('Expected two numbers between -5 and 5 such as 1,2 for --mean but received "1,"');
    expect(failure(() => parseFlags(set, { steps: ' ' }))).toBe('Expected an integer between 1 and 100 for --steps but received " "');
  });

  it('finds a default under optional and refinement wrappers', () => {
    expect(defaultOf(integer(1, 9).default(3))).toBe(3);
    expect(defaultOf(integer(1, 9).default(3).optional())).toBe(3);
    expect(
      defaultOf(
        integer(1, 9)
          .default(3)
          .refine(() => true),
      ),
    ).toBe(3);
    expect(defaultOf(integer(1, 9).optional())).toBeUndefined();
    expect(defaultOf(integer(1, 9))).toBeUndefined();
  });
});
