import { z } from 'zod';

/**
 * Field builders: each option's type and range, with the "what was expected" half of its
 * message (messages.ts adds the name and the value received). Any failure of a field, wrong
 * type included, reads the same: "an integer between 1 and 12".
 */
const expecting = (what: string) => ({ errorMap: () => ({ message: what }) });

export function integer(low: number, high: number) {
  const what = `an integer between ${low} and ${high}`;
  return z.number(expecting(what)).int(what).min(low, what).max(high, what);
}

export function decimal(low: number, high: number) {
  const what = `a number between ${low} and ${high}`;
  return z.number(expecting(what)).min(low, what).max(high, what);
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values as unknown as [T[number], ...T[number][]], expecting(`one of ${values.join(', ')}`));
}

export const flag = () => z.boolean(expecting('true or false'));

export const text = (what = 'a non-empty string') => z.string(expecting(what)).min(1, what);

/** A fixed count of numbers in a range: `--mean 0.485,0.456,0.406`, `--shift 1.5,-2`. */
export function numbers<N extends number>(count: N, low: number, high: number, example: string) {
  const words = ['', 'one number', 'two numbers', 'three numbers'][count] ?? `${count} numbers`;
  const what = `${words} between ${low} and ${high} such as ${example}`;
  const item = z.number(expecting(what)).min(low, what).max(high, what);
  return z.array(item, expecting(what)).length(count, what) as unknown as z.ZodType<TupleOf<N>, z.ZodTypeDef, readonly number[]>;
}
type TupleOf<N extends number> = N extends 2 ? [number, number] : N extends 3 ? [number, number, number] : number[];

/** "640x360" or "640" (or the number 640): the longest side, or an exact size. */
export function size() {
  const what = 'a size such as 512 or 640x360';
  return z.union([z.number(), z.string()], expecting(what)).superRefine((raw, ctx) => {
    const parsed = parseSize(raw);
    if (parsed === undefined) ctx.addIssue({ code: 'custom', message: what });
    else if ([parsed.width, parsed.height, parsed.maxSide].some((v) => v !== undefined && (v < 16 || v > 16384)))
      ctx.addIssue({ code: 'custom', message: 'sides between 16 and 16384 pixels' });
  });
}

export interface SizeSpec {
  readonly width?: number;
  readonly height?: number;
  readonly maxSide?: number;
}

/** A valid size option as sides; undefined when it is not one. */
export function parseSize(raw: number | string): SizeSpec | undefined {
  const m = /^(\d+)(?:x(\d+))?$/.exec(String(raw).trim());
  if (!m) return undefined;
  return m[2] === undefined ? { maxSide: Number(m[1]) } : { width: Number(m[1]), height: Number(m[2]) };
}
