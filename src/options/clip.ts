import { z } from 'zod';
import { decimal, flag, oneOf, size } from './fields.js';
import type { OptionGroup } from './parse.js';

/** The ways a dream is carried from frame to frame (pipeline/operators/carry-for.ts has them). */
export const CARRIES = ['steady', 'fade'] as const;
export type CarryName = (typeof CARRIES)[number];

/** `--flow on|off` on the command line, a boolean in the library: a boolean either way once parsed. */
function onOff() {
  const what = 'one of on, off';
  return z.union([z.boolean(), z.enum(['on', 'off'])], { errorMap: () => ({ message: what }) }).transform((v) => v === true || v === 'on');
}

/** Which part of a clip `render` dreams, at what size, and how frames carry the dream. */
export const clipSchema = z.object({
  /** Longest side, or exact "WxH" (default: the clip's, at most 640). */
  size: size().optional(),
  /** Seconds into the clip to begin. */
  start: decimal(0, 1e6).optional(),
  duration: decimal(0.01, 1e6).optional(),
  /** Carry the dream along the optical flow (off: every frame dreamed alone, for comparison). */
  flow: onOff().default(true),
  carry: oneOf(CARRIES).default('steady'),
  /** Keep the clip's audio. */
  audio: flag().default(true),
});
export type ClipOptionsOut = z.output<typeof clipSchema>;
export const clipGroup: OptionGroup<typeof clipSchema.shape> = { schema: clipSchema };
