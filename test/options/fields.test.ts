import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { decimal, flag, integer, numbers, oneOf, parseSize, size, text } from '../../src/options/fields.js';

/** The field's one message for a value, or 'ok' when it takes it. */
const said = (field: z.ZodTypeAny, value: unknown): string => {
  const r = field.safeParse(value);
  return r.success ? 'ok' : r.error.issues[0]!.message;
};

describe('field builders: ranges at both ends, and one message for every failure', () => {
  it('integer takes whole numbers from low to high inclusive', () => {
    const f = integer(1, 12);
    expect([1, 12].map((v) => said(f, v))).toEqual(['ok', 'ok']);
    for (const v of [0, 13, 1.5, '3', NaN, undefined]) expect(said(f, v)).toBe('an integer between 1 and 12');
  });

  it('decimal takes any number from low to high inclusive', () => {
    const f = decimal(0.5, 2);
    expect([0.5, 2, 1.25].map((v) => said(f, v))).toEqual(['ok', 'ok', 'ok']);
    for (const v of [0.49, 2.01, 'x', NaN]) expect(said(f, v)).toBe('a number between 0.5 and 2');
  });

  it('oneOf lists its values; flag and text say what they take', () => {
    expect(said(oneOf(['a', 'b']), 'b')).toBe('ok');
    expect(said(oneOf(['a', 'b']), 'c')).toBe('one of a, b');
    expect(said(flag(), false)).toBe('ok');
    expect(said(flag(), 'yes')).toBe('true or false');
    expect(said(text(), 'x')).toBe('ok');
    expect(said(text(), '')).toBe('a non-empty string');
    expect(said(text(), 3)).toBe('a non-empty string');
    expect(said(text('a path'), '')).toBe('a path');
  });

  it('numbers takes exactly its count, each item in range, and words the count', () => {
    const two = numbers(2, -1, 1, '0.5,-0.5');
    expect(said(two, [-1, 1])).toBe('ok');
    for (const v of [[-1.01, 0], [0, 1.01], [0], [0, 0, 0], 'x', [0, 'x']]) expect(said(two, v)).toBe('two numbers between -1 and 1 such as 0.5,-0.5');
    expect(said(numbers(1, 0, 9, '3'), [10])).toBe('one number between 0 and 9 such as 3');
    expect(said(numbers(3, 0, 9, '1,2,3'), [1, 2])).toBe('three numbers between 0 and 9 such as 1,2,3');
    expect(said(numbers(4, 0, 9, '1,2,3,4'), [1, 2, 3, 4])).toBe('ok');
    expect(said(numbers(4, 0, 9, '1,2,3,4'), [1, 2, 3])).toBe('4 numbers between 0 and 9 such as 1,2,3,4');
  });

  it('size takes a longest side or WIDTHxHEIGHT, sides from 16 to 16384', () => {
    const f = size();
    for (const v of [16, 16384, '16', '16384x16', ' 640x360 ']) expect(said(f, v)).toBe('ok');
    for (const v of [15, 16385, '15', '16x16385', '16385x16', '15x640']) expect(said(f, v)).toBe('sides between 16 and 16384 pixels');
    for (const v of ['big', '640x', 'x360', 'a640', '640x360b', '64 0', true]) expect(said(f, v)).toBe('a size such as 512 or 640x360');
  });

  it('parseSize reads sides, or nothing', () => {
    expect(parseSize('640x360')).toEqual({ width: 640, height: 360 });
    expect(parseSize(512)).toEqual({ maxSide: 512 });
    expect(parseSize(' 512 ')).toEqual({ maxSide: 512 });
    expect(parseSize('512x')).toBeUndefined();
    expect(parseSize('x512')).toBeUndefined();
    expect(parseSize('-512')).toBeUndefined();
  });
});
