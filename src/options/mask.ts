/**
 * The mask options (--mask, --mask-invert, --mask-feather, --mask-threshold, --region): one zod
 * schema that is their type, validator, defaults and help, for the CLI's flags, presets, the
 * library and farm payloads (which carry the flags as strings and re-parse them here).
 */
import { z } from 'zod';
import { DreamreelError } from '../errors.js';

const expected = (flag: string, what: string, received: unknown): string => `Expected ${what} for ${flag} but received ${JSON.stringify(received)}`;

/** A number from a flag string or a value, with the project's one message shape. */
const numberFlag = (flag: string, low: number, high: number) =>
  z.union([z.number(), z.string()]).transform((raw, ctx) => {
    const v = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
    if (Number.isFinite(v) && v >= low && v <= high) return v;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: expected(flag, `a number between ${low} and ${high}`, raw) });
    return z.NEVER;
  });

export { FLOW_MASKS } from './mask-flags.js';

/** `MASK=SPEC`: a mask (file, motion or still) and a preset name or layers spec, split at the last `=`. */
const regionFlag = z.string().transform((raw, ctx) => {
  const at = raw.lastIndexOf('=');
  const mask = raw.slice(0, Math.max(0, at)).trim();
  const spec = raw.slice(at + 1).trim();
  if (at > 0 && mask && spec) return { mask, spec };
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: expected('--region', 'MASK=SPEC such as sky.png=inception_4d/output[139] or sky.png=eyes-and-animals', raw) });
  return z.NEVER;
});

export const MaskOptionsSchema = z.object({
  /** A picture or video (grey = how much to dream), or `motion` / `still` from the optical flow. */
  mask: z.string().trim().min(1, expected('--mask', 'a picture, a video, motion or still', '')).optional(),
  maskInvert: z.boolean().default(false),
  maskFeather: numberFlag('--mask-feather', 0, 256).default(0),
  maskThreshold: numberFlag('--mask-threshold', 0, 1).optional(),
  /** Draw the mask over the live preview (the TUI's, and `preview`'s picture). */
  showMask: z.boolean().default(false),
  /** Regions dreamed with their own objective; the rest of the frame follows --layers. */
  region: z.array(regionFlag).default([]),
});

export type MaskOptions = z.output<typeof MaskOptionsSchema>;
export type MaskOptionsInput = z.input<typeof MaskOptionsSchema>;
export type Region = MaskOptions['region'][number];

export const MASK_DEFAULTS: MaskOptions = MaskOptionsSchema.parse({});

/** Parses the raw flags (or library values); the first mistake as one line. */
export function parseMaskOptions(raw: Record<string, unknown>): MaskOptions {
  const picked = { mask: raw.mask, maskInvert: raw.maskInvert === undefined ? undefined : Boolean(raw.maskInvert), maskFeather: raw.maskFeather, maskThreshold: raw.maskThreshold, showMask: raw.showMask === undefined ? undefined : Boolean(raw.showMask), region: typeof raw.region === 'string' ? [raw.region] : raw.region };
  const parsed = MaskOptionsSchema.safeParse(Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined)));
  if (!parsed.success) throw new DreamreelError(parsed.error.issues[0]!.message);
  return parsed.data;
}

/** Whether any mask option was given. */
export const hasMask = (o: MaskOptions): boolean => o.mask !== undefined || o.region.length > 0;

/** The shape a mask is read with. */
export const maskShape = (o: MaskOptions): { invert: boolean; feather: number; threshold?: number } => ({ invert: o.maskInvert, feather: o.maskFeather, ...(o.maskThreshold !== undefined ? { threshold: o.maskThreshold } : {}) });

