import { z } from 'zod';
import { decimal, flag, integer, size } from './fields.js';
import { scheduled, scheduledShift } from './schedule.js';
import type { OptionGroup } from './parse.js';

/** The infinite zoom's motion and length; its frame defaults differ from render's. */
export const zoomSchema = z.object({
  /** Longest side, or exact "WxH" (default: the picture's, at most 640). */
  size: size().optional(),
  /** Left out: 120, or as many as the song lasts with `audio` (api/zoom.ts decides, once the song is read). */
  frames: integer(1, 100000).optional(),
  fps: decimal(0.1, 240).default(24),
  /** Zoom per frame (>1 zooms in): a number, or a schedule such as "0:(1), 48:(1.05)". */
  zoom: scheduled('zoom', decimal(0.5, 2)).default(1.03),
  /** Degrees per frame: a number or a schedule. */
  rotate: scheduled('rotate', decimal(-45, 45)).default(0),
  /** Pixels the picture moves per frame, [dx, dy]: numbers or schedules ("(0:(0), 48:(4)), 0"). */
  shift: scheduledShift().default([0, 0]),
  /** Play forwards then backwards, for a seamless loop. */
  pingpong: flag().default(false),
  stepsNext: scheduled('stepsNext', integer(1, 1000)).default(4),
});
export type ZoomOptionsOut = z.output<typeof zoomSchema>;
export const zoomGroup: OptionGroup<typeof zoomSchema.shape> = { schema: zoomSchema };
