import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DreamreelError } from '../../src/errors.js';
import { conflict, invalid, optionsError } from '../../src/options/messages.js';
import type { Surface } from '../../src/options/naming.js';

const message = (schema: z.ZodTypeAny, input: unknown, surface: Surface | 'file'): string => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('accepted');
  const e = optionsError(r.error, input, surface);
  expect(e).toBeInstanceOf(DreamreelError);
  return e.message;
};

describe('option messages', () => {
  it('invalid quotes the value as JSON; conflict names the options per surface', () => {
    expect(invalid('--octaves', 'an integer', '0').message).toBe('Expected an integer for --octaves but received "0"');
    expect(invalid('octaves', 'an integer', [1, 2]).message).toBe('Expected an integer for octaves but received [1,2]');
    expect(conflict('{tileSize} cannot be combined with {class}', 'cli').message).toBe('--tile-size cannot be combined with --class');
    expect(conflict('{tileSize} cannot be combined with {class}', 'library').message).toBe('tileSize cannot be combined with class');
  });

  it('an unknown key is a flag on the command line, an option elsewhere, with where it stood', () => {
    const top = z.object({ a: z.number() }).strict();
    expect(message(top, { a: 1, stepz: 1 }, 'cli')).toBe('unknown flag "stepz"');
    expect(message(top, { a: 1, stepz: 1 }, 'library')).toBe('unknown option "stepz"');
    expect(message(top, { a: 1, stepz: 1 }, 'file')).toBe('unknown option "stepz"');
    const nested = z.object({ options: z.object({ inner: z.object({}).strict() }) });
    expect(message(nested, { options: { inner: { x: 1 } } }, 'file')).toBe('unknown option "x" in options.inner');
  });

  it('names the option by surface and quotes the value at its path', () => {
    const schema = z.object({ tileSize: z.number({ errorMap: () => ({ message: 'a number' }) }) });
    expect(message(schema, { tileSize: 'x' }, 'cli')).toBe('Expected a number for --tile-size but received "x"');
    expect(message(schema, { tileSize: 'x' }, 'library')).toBe('Expected a number for tileSize but received "x"');
    expect(message(schema, { tileSize: 'x' }, 'file')).toBe('Expected a number for tileSize but received "x"');
    const file = z.object({ options: z.object({ lr: z.number({ errorMap: () => ({ message: 'a number' }) }) }) });
    expect(message(file, { options: { lr: null } }, 'file')).toBe('Expected a number for options.lr but received null');
    // A tuple's whole value is quoted, not the one item that failed.
    const tuple = z.object({ mean: z.array(z.number().max(1, 'small numbers')) });
    expect(message(tuple, { mean: [0, 5] }, 'library')).toBe('Expected small numbers for mean but received [0,5]');
    // Items of a list are not part of the name; the whole list is quoted.
    const list = z.object({ options: z.object({ mean: z.array(z.number({ errorMap: () => ({ message: 'numbers' }) })) }) });
    expect(message(list, { options: { mean: [1, 'x'] } }, 'file')).toBe('Expected numbers for options.mean but received [1,"x"]');
    expect(optionsError(new z.ZodError([{ code: 'custom', path: ['a', 'b'], message: 'a thing' }]), { a: null }, 'file').message).toBe(
      'Expected a thing for a.b but received null',
    );
    // A value that is not an object stops the walk: the value itself is quoted.
    expect(message(z.object({ a: z.number() }), null, 'file')).toMatch(/for \(top level\) but received null$/);
  });

  it('passes a schedule refusal through whole, and words a sentence for the surface', () => {
    const whole = z.object({ zoom: z.any().superRefine((_, ctx) => ctx.addIssue({ code: 'custom', message: 'Expected {zoom} x', params: { whole: true } })) });
    expect(message(whole, { zoom: 1 }, 'cli')).toBe('Expected {zoom} x');
    const sentence = z.object({
      region: z.any().superRefine((_, ctx) => ctx.addIssue({ code: 'custom', message: 'bad {maskFeather}', params: { sentence: true } })),
    });
    expect(message(sentence, { region: 1 }, 'cli')).toBe('bad --mask-feather');
    expect(message(sentence, { region: 1 }, 'library')).toBe('bad maskFeather');
    expect(message(sentence, { region: 1 }, 'file')).toBe('bad maskFeather');
    const plain = z.object({ region: z.any().superRefine((_, ctx) => ctx.addIssue({ code: 'custom', message: 'a thing', params: { other: true } })) });
    expect(message(plain, { region: 2 }, 'cli')).toBe('Expected a thing for --region but received 2');
  });
});
