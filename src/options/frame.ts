import { z } from 'zod';
import { decimal, flag, integer, oneOf, text } from './fields.js';
import { parseLayerText, type LayerTarget } from './layers.js';
import type { OptionGroup } from './parse.js';

const KEY = /^\s*(\d+)\s*=\s*(.+)$/;

/** `0=inception_4c/output;48=inception_4d/output[12]`: frame keys, each with a layers value. */
function layerScheduleField() {
  const what = 'keys such as 0=inception_4c/output;48=inception_4d/output';
  return z
    .string({ errorMap: () => ({ message: what }) })
    .refine((raw) => raw.split(';').every((part) => KEY.test(part) && parseLayerText(KEY.exec(part)![2]!) !== undefined), what);
}

/** The keys of a valid layer schedule, in frame order. */
export function scheduleKeys(raw: string): { frame: number; layers: LayerTarget[] }[] {
  return raw
    .split(';')
    .map((part) => KEY.exec(part)!)
    .map((m) => ({ frame: Number(m[1]), layers: parseLayerText(m[2]!)! }))
    .sort((a, b) => a.frame - b.frame);
}

/** What the commands that make many frames (render, zoom) share. */
export const frameSchema = z.object({
  /** Steps per octave for frames that start from the previous dream. */
  stepsNext: integer(1, 1000).default(5),
  // Measured on a panned photograph: refining only at full resolution halves flicker (0.67 -> 0.51 of
  // per-frame dreaming) while the coarse structure still arrives, carried from the frames before.
  octavesNext: integer(1, 12).default(1),
  /** How much dream is carried onto the next frame (0-1). */
  blend: decimal(0, 1).default(1),
  /** H.264/VP9 quality: lower is better and larger. */
  crf: integer(0, 51).default(18),
  /** Also write every dreamed frame there as PNG. */
  framesDir: text().optional(),
  /** Output frame rate (render: the clip's when left out). */
  fps: decimal(0.1, 240).optional(),
  resume: flag().default(false),
  restart: flag().default(false),
  layerSchedule: layerScheduleField().optional(),
  scheduleMode: oneOf(['switch', 'blend']).default('blend'),
});
export type FrameOptionsOut = z.output<typeof frameSchema>;

export const frameGroup: OptionGroup<typeof frameSchema.shape> = {
  schema: frameSchema,
  rules: [
    (o: FrameOptionsOut) => (o.resume && o.restart ? '{resume} and {restart} contradict each other' : undefined),
    (o: FrameOptionsOut & { guide?: string }) => (o.layerSchedule && o.guide ? '{layerSchedule} and {guide} cannot be combined' : undefined),
  ],
};
