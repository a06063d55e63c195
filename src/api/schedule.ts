import { rename, rm, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SCHEDULED, type ScheduledName } from '../options/schedule-ranges.js';
import { decimal, integer, oneOf, parseSize } from '../options/fields.js';
import { invalid } from '../options/messages.js';
import { songFromOptions } from '../pipeline/song.js';
import { outputFormat, writableOutput } from './checks.js';
import { parseSchedule, plotSvg, sampleSchedule, scheduleContext, type ScheduleFeatures } from '../schedule/index.js';

export interface ScheduleValuesOptions {
  readonly frames: number;
  /** Frames per second, for `s` and keys in seconds (default 24). */
  readonly fps?: number;
  /** Check the values against this option's range (and round steps), named as its flag in messages. */
  readonly as?: ScheduledName;
  /** A song's features, for schedules that read rms, bass, mid, treble, onset or beat. */
  readonly features?: ScheduleFeatures;
}

/** Any finite value, when no option's range is asked for. */
const ANY = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };

/** A schedule's value at every frame, as a render would use it; refused in one line as a render would refuse it. */
export function scheduleValues(schedule: string | number, o: ScheduleValuesOptions): Float64Array {
  const range = o.as ? SCHEDULED[o.as] : undefined;
  const parsed = parseSchedule(schedule, range?.flag ?? 'the schedule');
  return sampleSchedule(parsed, scheduleContext(o.fps ?? 24, o.frames, o.features), range ?? ANY);
}

/** The curve of `values` as a .png (rasterised by sharp) or .svg, written under a temporary name and renamed once complete. */
export async function plotSchedule(path: string, values: ArrayLike<number>, o: { width: number; height: number; fps: number; title: string }): Promise<void> {
  const svg = plotSvg(values, o);
  const partial = `${path}.partial${extname(path)}`;
  try {
    if (extname(path).toLowerCase() === '.svg') await writeFile(partial, svg);
    else {
      const { default: sharp } = await import('sharp');
      await sharp(Buffer.from(svg)).png({ palette: true, compressionLevel: 9 }).toFile(partial);
    }
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
}

/** The options whose range `dreamreel schedule --as` checks, as the library names them. */
export const SCHEDULE_AS = ['zoom', 'rotate', 'shift', 'lr', 'stepsNext', 'blend', 'octaveScale', 'layerWeight'] as const;

/** `dreamreel schedule`'s flags as typed. */
export interface ScheduleCommandFlags {
  readonly frames: string;
  readonly fps: string;
  readonly plot?: string;
  readonly plotSize: string;
  readonly as?: string;
  readonly audio?: string;
  readonly audioSmooth?: string;
}

/** A flag's string judged by a field, in the house message shape. */
function judged<T>(
  field: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } },
  flag: string,
  raw: string,
  value: unknown,
): T {
  const parsed = field.safeParse(value);
  if (!parsed.success) throw invalid(flag, parsed.error.issues[0]!.message, raw);
  return parsed.data;
}

/** --plot's size: wide and tall enough for the axes' labels. */
function plotSize(raw: string): { width: number; height: number } {
  const parsed = parseSize(raw);
  if (!parsed?.width || !parsed.height || parsed.width < 200 || parsed.height < 100 || parsed.width > 16384 || parsed.height > 16384)
    throw invalid('--plot-size', 'a size of at least 200x100 such as 640x240', raw);
  return { width: parsed.width, height: parsed.height };
}

/**
 * `dreamreel schedule`: every flag checked before anything is read or written, the song (with
 * --audio) analysed at the schedule's frames, the values sampled and the plot drawn.
 */
export async function scheduleCommandValues(text: string, flags: ScheduleCommandFlags): Promise<{ values: Float64Array; fps: number }> {
  const frames = judged(integer(1, 1_000_000), '--frames', flags.frames, Number(flags.frames));
  const fps = judged(decimal(0.1, 240), '--fps', flags.fps, Number(flags.fps));
  const as = flags.as === undefined ? undefined : judged(oneOf(SCHEDULE_AS), '--as', flags.as, flags.as);
  const picture = plotSize(flags.plotSize);
  if (flags.plot) {
    writableOutput(flags.plot);
    outputFormat(flags.plot, ['png', 'svg']);
  }
  // A song's features at the schedule's frames (0 past its end), for expressions that read rms, beat …
  const song = await songFromOptions({ audio: flags.audio, audioSmooth: flags.audioSmooth }, fps, frames);
  const values = scheduleValues(text, { frames, fps, ...(as ? { as } : {}), ...(song ? { features: song.analysis } : {}) });
  if (flags.plot) await plotSchedule(flags.plot, values, { ...picture, fps, title: text });
  return { values, fps };
}
