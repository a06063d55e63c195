import { z } from 'zod';
import { dreamSchema } from './dream.js';
import { frameSchema } from './frame.js';
import { frameScheduleSchema } from './schedule.js';
import { maskSchema } from './mask.js';
import { zoomSchema } from './zoom.js';

/** The options a preset may set: the same fields, ranges and messages as the flags they stand for. */
const presetOptions = z
  .object({
    ...dreamSchema.pick({
      octaves: true,
      steps: true,
      lrEnd: true,
      blur: true,
      blurEnd: true,
      jitter: true,
      loss: true,
      normalise: true,
      flip: true,
      originalColors: true,
    }).shape,
    ...frameSchema.pick({ octavesNext: true }).shape,
    // Numbers, or schedules for the commands that make frames ("0:(1), 48:(1.05)").
    ...frameScheduleSchema.shape,
    ...zoomSchema.pick({ zoom: true, rotate: true, shift: true }).shape,
    // Mask files are relative to where dreamreel runs.
    ...maskSchema.pick({ mask: true, maskInvert: true, maskFeather: true, maskThreshold: true, region: true }).shape,
  })
  .partial()
  .strict();

/** A preset file: a description, layers per model, and option defaults the command line overrides. */
export const presetSchema = z
  .object({
    description: z.string().min(1),
    layers: z.record(z.string(), z.string().min(1)),
    options: presetOptions,
  })
  .strict();
export type PresetFile = z.output<typeof presetSchema>;
