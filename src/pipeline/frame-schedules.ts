import type { DreamSettings } from '../dream/settings.js';
import type { ZoomStep } from '../flow/affine.js';
import { SCHEDULED } from '../options/schedule-ranges.js';
import type { ScheduleOptions } from '../options/schedule.js';
import { sampleSchedule, type Schedule, type ScheduleContext } from '../schedule/index.js';

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

/** The options whose value really changes over the render: the only ones worth showing per frame. */
function liveNames(schedules: ScheduleOptions): Set<string> {
  const { shift, ...single } = schedules;
  const names = Object.entries(single).filter(([, s]) => s.live).map(([name]) => name);
  if (shift?.[0].live) names.push('shiftX');
  if (shift?.[1].live) names.push('shiftY');
  return new Set(names);
}

function sampleAll(schedules: ScheduleOptions, context: ScheduleContext): Sampled {
  const sample = (s: Schedule | undefined, range: (typeof SCHEDULED)[keyof typeof SCHEDULED]): Float64Array | undefined => (s ? sampleSchedule(s, context, range) : undefined);
  const entries: [keyof Sampled, Float64Array | undefined][] = [
    ['zoom', sample(schedules.zoom, SCHEDULED.zoom)],
    ['rotate', sample(schedules.rotate, SCHEDULED.rotate)],
    ['shiftX', sample(schedules.shift?.[0], SCHEDULED.shift)],
    ['shiftY', sample(schedules.shift?.[1], SCHEDULED.shift)],
    ['lr', sample(schedules.lr, SCHEDULED.lr)],
    ['stepsNext', sample(schedules.stepsNext, SCHEDULED.stepsNext)],
    ['blend', sample(schedules.blend, SCHEDULED.blend)],
    ['octaveScale', sample(schedules.octaveScale, SCHEDULED.octaveScale)],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

function identityOf(schedules: ScheduleOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(schedules)) out[key] = Array.isArray(value) ? (value as Schedule[]).map((s) => s.source.text).join(' , ') : (value as Schedule).source.text;
  return out;
}

/** Samples every schedule against the render's clock (and music), refusing a bad value in one line. */
export function frameSchedules(schedules: ScheduleOptions, context: ScheduleContext): FrameSchedules {
  const v = sampleAll(schedules, context);
  const live = liveNames(schedules);
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
    params: (index) => Object.fromEntries(Object.entries(v).filter(([name]) => live.has(name)).map(([name, values]) => [name, at(values, index)!])),
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
