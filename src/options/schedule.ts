import { z } from 'zod';
import { DreamreelError } from '../errors.js';
import { parseSchedule, splitTopLevel, unwrapParentheses } from '../schedule/index.js';
import { SCHEDULED, type ScheduledName } from './schedule-ranges.js';
import { decimal, integer, numbers } from './fields.js';
import { defaultOf, type OptionGroup, type OptionSet } from './parse.js';

// Kept apart from zod, so the pipeline and start-up code can read the ranges without loading it.
export { SCHEDULED, type ScheduledName } from './schedule-ranges.js';

/** Turns a thrown refusal into the zod issue, so presets, farm jobs and the library read the CLI's one line. */
function parsedOrIssue<T>(parse: () => T, ctx: z.RefinementCtx): T {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof DreamreelError)) throw e;
    // A whole sentence already (position, frame, the flag's name): messages.ts passes it through.
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: e.message, params: { whole: true } });
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
  z
    .union([z.number(), z.string()], { message: `Expected a number or a schedule such as "0:(1), 48:(2)" for ${flag}` })
    .transform((raw, ctx): ScheduleValue => parsedOrIssue(() => checkedValue(raw, flag), ctx));

/** `--shift DX,DY`: each a number or a schedule; keyframes go in parentheses: `"(0:(0), 48:(4)), 0"`. */
export const shiftSchema = z
  .union([z.string(), z.tuple([z.union([z.number(), z.string()]), z.union([z.number(), z.string()])])])
  .transform((raw, ctx): readonly [ScheduleValue, ScheduleValue] =>
    parsedOrIssue(() => {
      const parts = typeof raw === 'string' ? splitTopLevel(raw) : raw.map((p) => (typeof p === 'number' ? p : p.trim()));
      if (parts.length !== 2)
        throw new DreamreelError(`Expected two numbers or schedules such as 1.5,-2 or "(0:(0), 48:(4)), 0" for --shift but received ${JSON.stringify(raw)}`);
      const part = (i: number): number | string => (typeof parts[i] === 'string' ? unwrapParentheses(parts[i]) : parts[i]!);
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
  if (given.lr !== undefined && rest.lrEnd !== undefined)
    throw new DreamreelError('--lr-end cannot be combined with a scheduled --lr: write the change into the --lr schedule');
  const parsed = scheduleOptionsSchema.safeParse(given);
  if (!parsed.success) throw new DreamreelError(parsed.error.issues[0]!.message);
  return { flags: rest as F, schedules: parsed.data };
}

/** A plain number judged by the option's own field, so its message is the one it always had. */
function plainOrIssue(plain: z.ZodTypeAny, value: number, ctx: z.RefinementCtx): number {
  const parsed = plain.safeParse(value);
  if (parsed.success) return parsed.data as number;
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.issues[0]!.message });
  return z.NEVER;
}

/** What the plain field expects, for a value that is neither number nor text. */
const expectedOf = (plain: z.ZodTypeAny): string => plain.safeParse(NaN).error?.issues[0]?.message ?? 'a number';

/**
 * An option that may change over a render (render and zoom): a number (or a string holding one)
 * is judged by its plain field, messages unchanged; any other string is a schedule, checked now
 * and kept as its text. A constant schedule ("0:(0.02)") is its number, judged as one.
 */
export function scheduled(name: Exclude<ScheduledName, 'shift' | 'layerWeight'>, plain: z.ZodTypeAny) {
  const flag = SCHEDULED[name].flag;
  return z.union([z.number(), z.string()], { errorMap: () => ({ message: expectedOf(plain) }) }).transform((raw, ctx): ScheduleValue => {
    if (typeof raw === 'number' || PLAIN_NUMBER.test(raw)) return plainOrIssue(plain, Number(raw), ctx);
    const value = parsedOrIssue(() => checkedValue(raw, flag), ctx);
    return typeof value === 'number' ? plainOrIssue(plain, value, ctx) : value;
  });
}

/** `shift`: two plain numbers judged as before ("1.5,-2", [1.5, -2]), or either a schedule. */
export function scheduledShift() {
  const plain = numbers(2, SCHEDULED.shift.min, SCHEDULED.shift.max, '1.5,-2');
  return z
    .union([z.string(), z.array(z.union([z.number(), z.string()]))], { errorMap: () => ({ message: expectedOf(plain) }) })
    .transform((raw, ctx): readonly [ScheduleValue, ScheduleValue] => {
      const parts = typeof raw === 'string' ? splitTopLevel(raw) : raw;
      if (parts.every((p) => typeof p === 'number' || PLAIN_NUMBER.test(p))) {
        const parsed = plain.safeParse(parts.map(Number));
        if (parsed.success) return parsed.data;
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.issues[0]!.message });
        return z.NEVER;
      }
      return shiftOrIssue(raw, ctx);
    });
}

function shiftOrIssue(raw: string | readonly (number | string)[], ctx: z.RefinementCtx): readonly [ScheduleValue, ScheduleValue] {
  const parsed = shiftSchema.safeParse(typeof raw === 'string' || raw.length !== 2 ? (typeof raw === 'string' ? raw : raw.join(',')) : [raw[0], raw[1]]);
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.issues[0]!.message, params: { whole: true } });
  return z.NEVER;
}

/** The frame options of render and zoom that may follow schedules (zoom adds its motion in zoom.ts). */
export const frameScheduleSchema = z.object({
  lr: scheduled('lr', decimal(0.00001, 1)).default(0.01),
  octaveScale: scheduled('octaveScale', decimal(1.05, 4)).default(1.4),
  stepsNext: scheduled('stepsNext', integer(1, 1000)).default(5),
  blend: scheduled('blend', decimal(0, 1)).default(1),
});

export const frameScheduleGroup: OptionGroup<typeof frameScheduleSchema.shape> = {
  schema: frameScheduleSchema,
  rules: [
    (o: { lr: ScheduleValue; lrEnd?: number }) =>
      typeof o.lr === 'string' && o.lrEnd !== undefined
        ? '{lrEnd} cannot be combined with a scheduled {lr}: write the change into the {lr} schedule'
        : undefined,
  ],
};

const SPLIT_KEYS = ['zoom', 'rotate', 'shift', 'lr', 'stepsNext', 'blend', 'octaveScale'] as const;
type SplitKey = (typeof SPLIT_KEYS)[number];
/** Parsed options with every schedule-valued option as the plain number the rest of the code reads. */
export type PlainOf<O> = { [K in keyof O]: K extends 'shift' ? readonly [number, number] : K extends SplitKey ? number : O[K] };

/**
 * Parsed options apart: schedules out (as plain data, for frameSchedules), and in their place the
 * set's default, so settings and identity read numbers as before; a plain number stays where it is.
 */
export function splitScheduled<O extends object>(o: O, set: OptionSet): { plain: PlainOf<O>; schedules: ScheduleOptions } {
  const plain = { ...o } as Record<string, unknown>;
  const schedules: Record<string, unknown> = {};
  for (const key of SPLIT_KEYS) {
    const value = plain[key];
    const isSchedule = key === 'shift' ? Array.isArray(value) && value.some((v) => typeof v === 'string') : typeof value === 'string';
    if (!isSchedule) continue;
    schedules[key] = value;
    const base = defaultOf(set.schema.shape[key] as z.ZodTypeAny);
    plain[key] = key === 'shift' ? (value as ScheduleValue[]).map((v) => (typeof v === 'number' ? v : 0)) : base;
  }
  return { plain: plain as PlainOf<O>, schedules };
}
