import type { DreamSettings } from '../dream/settings.js';
import type { ZoomStep } from '../flow/affine.js';
import { SCHEDULED } from '../options/schedule-ranges.js';
import type { ScheduleOptions, ScheduleValue } from '../options/schedule.js';
import { parseSchedule, sampleSchedule, type Schedule, type ScheduleContext } from '../schedule/index.js';

/**
 * A render's scheduled parameters, every frame's value computed before the first frame (so a
 * value out of range anywhere is refused before any work). The pipeline asks per frame index.
 */
export interface FrameSchedules {
  /** The settings frame `index` is dreamed with: lr, --steps-next (carried frames) and --octave-scale applied. */
  settings(index: number, base: DreamSettings, carried: boolean): DreamSettings;
  /** The carried share of frame `index`, when --blend is scheduled. */
  blend(index: number): number | undefined;
  /** Zoom, rotation and shift onto frame `index`, from the fixed step where not scheduled. */
  step(index: number, fixed: ZoomStep): ZoomStep;
  /** The scheduled values of frame `index`, by option name, for progress displays. */
  params(index: number): Readonly<Record<string, number>>;
  /** The schedules as given, for the checkpoint's identity and farm jobs. */
  readonly identity: Readonly<Record<string, string>>;
}

type Sampled = Partial<Record<'zoom' | 'rotate' | 'shiftX' | 'shiftY' | 'lr' | 'stepsNext' | 'blend' | 'octaveScale', Float64Array>>;
type Parsed = Partial<Record<keyof Sampled, Schedule>>;

/** The options' values (numbers, schedule texts) as schedules, each named as its flag for messages. */
function parseAll(o: ScheduleOptions): Parsed {
  const parse = (value: ScheduleValue | undefined, flag: string): Schedule | undefined => (value === undefined ? undefined : parseSchedule(value, flag));
  const entries: [keyof Sampled, Schedule | undefined][] = [
    ['zoom', parse(o.zoom, SCHEDULED.zoom.flag)],
    ['rotate', parse(o.rotate, SCHEDULED.rotate.flag)],
    ['shiftX', parse(o.shift?.[0], '--shift dx')],
    ['shiftY', parse(o.shift?.[1], '--shift dy')],
    ['lr', parse(o.lr, SCHEDULED.lr.flag)],
    ['stepsNext', parse(o.stepsNext, SCHEDULED.stepsNext.flag)],
    ['blend', parse(o.blend, SCHEDULED.blend.flag)],
    ['octaveScale', parse(o.octaveScale, SCHEDULED.octaveScale.flag)],
  ];
  return Object.fromEntries(entries.filter(([, s]) => s !== undefined));
}

const RANGES: Record<keyof Sampled, (typeof SCHEDULED)[keyof typeof SCHEDULED]> = {
  zoom: SCHEDULED.zoom,
  rotate: SCHEDULED.rotate,
  shiftX: SCHEDULED.shift,
  shiftY: SCHEDULED.shift,
  lr: SCHEDULED.lr,
  stepsNext: SCHEDULED.stepsNext,
  blend: SCHEDULED.blend,
  octaveScale: SCHEDULED.octaveScale,
};

function sampleAll(parsed: Parsed, context: ScheduleContext): Sampled {
  return Object.fromEntries(Object.entries(parsed).map(([name, s]) => [name, sampleSchedule(s, context, RANGES[name as keyof Sampled])]));
}

/** The schedules as given, for the checkpoint's identity: another schedule is another render. */
function identityOf(o: ScheduleOptions): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([key, value]) => [key, Array.isArray(value) ? value.join(' , ') : String(value)]));
}

/** Samples every schedule against the render's clock (and music), refusing a bad value in one line. */
export function frameSchedules(schedules: ScheduleOptions, context: ScheduleContext): FrameSchedules {
  const parsed = parseAll(schedules);
  const v = sampleAll(parsed, context);
  // Only values that really change are worth showing per frame.
  const live = new Set(
    Object.entries(parsed)
      .filter(([, s]) => s.live)
      .map(([name]) => name),
  );
  // Past the planned frames (a clip longer than its header said) the last value holds.
  const at = (values: Float64Array | undefined, index: number): number | undefined => values?.[Math.min(Math.max(0, index), values.length - 1)];
  return {
    settings(index, base, carried) {
      const lr = at(v.lr, index);
      const steps = carried ? at(v.stepsNext, index) : undefined;
      const octaveScale = at(v.octaveScale, index);
      return {
        ...base,
        ...(lr !== undefined ? { stepSize: { ...base.stepSize, start: lr, end: lr } } : {}),
        ...(steps !== undefined ? { steps } : {}),
        ...(octaveScale !== undefined ? { octaveScale } : {}),
      };
    },
    blend: (index) => at(v.blend, index),
    step: (index, fixed) => ({
      zoom: at(v.zoom, index) ?? fixed.zoom,
      rotateDegrees: at(v.rotate, index) ?? fixed.rotateDegrees,
      shift: [at(v.shiftX, index) ?? fixed.shift[0], at(v.shiftY, index) ?? fixed.shift[1]],
    }),
    params: (index) =>
      Object.fromEntries(
        Object.entries(v)
          .filter(([name]) => live.has(name))
          .map(([name, values]) => [name, at(values, index)!]),
      ),
    identity: identityOf(schedules),
  };
}

/** A farm chunk's view: its frame i is the render's frame i + from. */
export function offsetSchedules(s: FrameSchedules, from: number): FrameSchedules {
  return {
    settings: (i, base, carried) => s.settings(i + from, base, carried),
    blend: (i) => s.blend(i + from),
    step: (i, fixed) => s.step(i + from, fixed),
    params: (i) => s.params(i + from),
    identity: s.identity,
  };
}
