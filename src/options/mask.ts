/**
 * The mask options (--mask, --mask-invert, --mask-feather, --mask-threshold, --show-mask,
 * --region): one option group, the type, validator, defaults and messages of each, for the
 * CLI's flags, presets, the library and farm jobs alike.
 */
import { z } from 'zod';
import { decimal, flag, text } from './fields.js';
import { parseFlags, optionSet, type OptionGroup } from './parse.js';

/** Masks made from the flow instead of a file. */
export const FLOW_MASKS = ['motion', 'still'] as const;

const REGION_EXAMPLE = 'MASK=SPEC such as sky.png=inception_4d/output[139] or sky.png=eyes-and-animals';

/** A region as given (`MASK=SPEC`): the mask and what it dreams, split at the last `=`; undefined when it is not one. */
export function splitRegion(raw: string): { mask: string; spec: string } | undefined {
  const at = raw.lastIndexOf('=');
  const mask = raw.slice(0, Math.max(0, at)).trim();
  const spec = raw.slice(at + 1).trim();
  return at > 0 && mask && spec ? { mask, spec } : undefined;
}

/**
 * Each --region as typed (`MASK=SPEC`), kept as text so a parsed value parses back to itself (a
 * farm job). The first bad item is quoted alone, not the whole list.
 */
function regionsField() {
  return z.array(z.string(), { errorMap: () => ({ message: `a list of ${REGION_EXAMPLE}` }) }).superRefine((items, ctx) => {
    const bad = items.find((item) => splitRegion(item) === undefined);
    if (bad !== undefined)
      ctx.addIssue({ code: 'custom', message: `Expected ${REGION_EXAMPLE} for {region} but received ${JSON.stringify(bad)}`, params: { sentence: true } });
  });
}

export const maskSchema = z.object({
  /** A picture or video (grey = how much to dream), or `motion` / `still` from the optical flow. */
  mask: text('a picture, a video, motion or still').optional(),
  /** Dream where the mask is dark instead. */
  maskInvert: flag().default(false),
  /** Soften the mask's edge over about this many pixels. */
  maskFeather: decimal(0, 256).default(0),
  /** Grey at or above this dreams fully, below not at all (left out: grey levels are weights). */
  maskThreshold: decimal(0, 1).optional(),
  /** Draw the mask over the live preview (the TUI's, and `preview`'s picture). */
  showMask: flag().default(false),
  /** Regions dreamed with their own objective; the rest of the frame follows `layers`. */
  region: regionsField().default([]),
});
export type MaskOptions = z.output<typeof maskSchema>;
export type MaskOptionsIn = z.input<typeof maskSchema>;
export const maskGroup: OptionGroup<typeof maskSchema.shape> = { schema: maskSchema };

const maskSet = optionSet(maskGroup);
export const MASK_DEFAULTS: MaskOptions = maskSchema.parse({});

/** The mask flags alone as the command line gives them (strings), parsed; the first mistake as one line. */
export function parseMaskOptions(raw: Record<string, unknown>): MaskOptions {
  return parseFlags(maskSet, Object.fromEntries(Object.entries(raw).filter(([k]) => k in maskSchema.shape)));
}

/** Whether any mask option was given. */
export const hasMask = (o: MaskOptions): boolean => o.mask !== undefined || o.region.length > 0;

/** The shape a mask is read with. */
export const maskShape = (o: MaskOptions): { invert: boolean; feather: number; threshold?: number } => ({
  invert: o.maskInvert,
  feather: o.maskFeather,
  ...(o.maskThreshold !== undefined ? { threshold: o.maskThreshold } : {}),
});
