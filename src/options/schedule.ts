import { z } from 'zod';
import { DreamreelError } from '../errors.js';
import { parseSchedule, splitTopLevel, unwrapParentheses } from '../schedule/index.js';
import { SCHEDULED } from './schedule-ranges.js';

// Kept apart from zod, so the pipeline and start-up code can read the ranges without loading it.
export { SCHEDULED, type ScheduledName } from './schedule-ranges.js';

/** Turns a thrown refusal into the zod issue, so presets, farm jobs and the library read the CLI's one line. */
function parsedOrIssue<T>(parse: () => T, ctx: z.RefinementCtx): T {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof DreamreelError)) throw e;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: e.message });
    return z.NEVER;
  }
}

/**
 * A schedule-valued option as plain data: a number, or the text of a schedule that parsed. Kept
 * as text, not as a parsed value, so options stay one cloneable object (presets, farm payloads,
 * checkpoint identity); `parseSchedule` turns it into a Schedule where frames are made.
 */
export type ScheduleValue = number | string;

/** Checks syntax, names and length now; ranges need the render's frames (and music) and are checked when sampled. */
function checkedValue(raw: number | string, flag: string): ScheduleValue {
  const schedule = parseSchedule(raw, flag);
  return schedule.kind === 'constant' ? schedule.at(0, { fps: 1, frames: 1 }) : schedule.source.text;
}

/** One schedule-valued option: a number, or a string holding a number, an expression or keyframes. */
export const scheduleSchema = (flag: string) =>
  z.union([z.number(), z.string()], { message: `Expected a number or a schedule such as "0:(1), 48:(2)" for ${flag}` }).transform((raw, ctx): ScheduleValue => parsedOrIssue(() => checkedValue(raw, flag), ctx));

/** `--shift DX,DY`: each a number or a schedule; keyframes go in parentheses: `"(0:(0), 48:(4)), 0"`. */
export const shiftSchema = z
  .union([z.string(), z.tuple([z.union([z.number(), z.string()]), z.union([z.number(), z.string()])])])
  .transform((raw, ctx): readonly [ScheduleValue, ScheduleValue] =>
    parsedOrIssue(() => {
      const parts = typeof raw === 'string' ? splitTopLevel(raw) : raw.map((p) => (typeof p === 'number' ? p : p.trim()));
      if (parts.length !== 2) throw new DreamreelError(`Expected two numbers or schedules such as 1.5,-2 or "(0:(0), 48:(4)), 0" for --shift but received ${JSON.stringify(raw)}`);
      const part = (i: number): number | string => (typeof parts[i] === 'string' ? unwrapParentheses(parts[i] as string) : parts[i]!);
      return [checkedValue(part(0), SHIFT_FLAGS[0]), checkedValue(part(1), SHIFT_FLAGS[1])] as const;
    }, ctx),
  );

/** How each component of --shift names itself in messages. */
export const SHIFT_FLAGS = ['--shift dx', '--shift dy'] as const;

export const scheduleOptionsSchema = z
  .object({
    zoom: scheduleSchema(SCHEDULED.zoom.flag),
    rotate: scheduleSchema(SCHEDULED.rotate.flag),
    shift: shiftSchema,
    lr: scheduleSchema(SCHEDULED.lr.flag),
    stepsNext: scheduleSchema(SCHEDULED.stepsNext.flag),
    blend: scheduleSchema(SCHEDULED.blend.flag),
    octaveScale: scheduleSchema(SCHEDULED.octaveScale.flag),
  })
  .partial();

/** The schedule-valued options that were given as schedules (plain numbers stay with the other flags), as plain data. */
export type ScheduleOptions = z.infer<typeof scheduleOptionsSchema>;

const PLAIN_NUMBER = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;
const isPlain = (key: string, raw: unknown): boolean =>
  typeof raw === 'number' || (typeof raw === 'string' && (key === 'shift' ? splitTopLevel(raw).every((p) => PLAIN_NUMBER.test(p)) : PLAIN_NUMBER.test(raw)));

/**
 * Takes the schedule-valued flags out of a command's flags: plain numbers are left where they
 * were (validated as before, the same checkpoint identity as before), schedules are checked here
 * and returned apart, so nothing below sees a schedule string as a number.
 */
export function splitSchedules<F extends object>(flags: F): { flags: F; schedules: ScheduleOptions } {
  const rest = { ...flags } as Record<string, unknown>;
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(scheduleOptionsSchema.shape)) {
    const raw = rest[key];
    if (raw === undefined || isPlain(key, raw)) continue;
    given[key] = raw;
    delete rest[key];
  }
  if (given.lr !== undefined && rest.lrEnd !== undefined) throw new DreamreelError('--lr-end cannot be combined with a scheduled --lr: write the change into the --lr schedule');
  const parsed = scheduleOptionsSchema.safeParse(given);
  if (!parsed.success) throw new DreamreelError(parsed.error.issues[0]!.message);
  return { flags: rest as F, schedules: parsed.data };
}
