import { rename, rm, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SCHEDULED, type ScheduledName } from '../options/schedule-ranges.js';
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
