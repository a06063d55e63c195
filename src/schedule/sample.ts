import { DreamreelError } from '../errors.js';
import type { ScheduleContext } from './context.js';
import { FEATURE_NAMES } from './context.js';
import { scheduleError } from './errors.js';
import type { Schedule } from './schedule.js';

/** The values a parameter accepts, and how it names itself in messages. */
export interface ParameterRange {
  readonly min: number;
  readonly max: number;
  /** Steps and other counts: values are rounded to whole numbers. */
  readonly integer?: boolean;
}

const FEATURES = new Set<string>(FEATURE_NAMES);

/** A music feature read without a song: pointed at, with what to do. */
function checkFeatures(schedule: Schedule, context: ScheduleContext): void {
  for (const use of schedule.names) {
    if (FEATURES.has(use.name) && !context.features?.[use.name as keyof NonNullable<ScheduleContext['features']>]) {
      throw scheduleError(schedule.source, use.position, 'one of t, s, fps, frames, pi (music features such as rms need --audio FILE)', use.name);
    }
  }
}

/** The schedule as messages quote it: long ones cut, so the message stays one line. */
const quoted = (schedule: Schedule): string =>
  JSON.stringify(schedule.source.text.length > 72 ? schedule.source.text.slice(0, 72) + '…' : schedule.source.text);

function outOfRange(schedule: Schedule, range: ParameterRange, raw: number, frame: number): DreamreelError {
  const what = !Number.isFinite(raw)
    ? 'a finite number'
    : range.integer
      ? `whole numbers between ${range.min} and ${range.max}`
      : `values between ${range.min} and ${range.max}`;
  return new DreamreelError(
    `Expected ${what} for ${schedule.source.option} but received ${Number.isFinite(raw) ? +raw.toPrecision(6) : raw} at frame ${frame} from ${quoted(schedule)}`,
  );
}

/**
 * Every frame's value, computed once before any work, so a schedule that leaves the range, divides
 * by zero or turns NaN anywhere in the render is refused in one line before the first frame.
 */
export function sampleSchedule(schedule: Schedule, context: ScheduleContext, range: ParameterRange): Float64Array {
  checkFeatures(schedule, context);
  schedule.check(context);
  const all = schedule.many?.(context.frames, context);
  const values = new Float64Array(context.frames);
  for (let frame = 0; frame < context.frames; frame++) {
    const raw = all ? all[frame]! : schedule.at(frame, context);
    const value = range.integer ? Math.round(raw) : raw;
    if (!Number.isFinite(value) || value < range.min || value > range.max) throw outOfRange(schedule, range, raw, frame);
    values[frame] = value;
  }
  return values;
}
