import { resolve } from 'node:path';
import type { Observable } from 'rxjs';
import { resizeImage } from '../image/image.js';
import { DreamreelError } from '../errors.js';
import { Checkpoint } from '../pipeline/checkpoint.js';
import type { RenderEvent } from '../pipeline/events.js';
import { readImage } from '../pipeline/image-io.js';
import { zoomSources } from '../pipeline/zoom-sources.js';
import { backendName, dreamSettings } from '../cli/dream-options.js';
import { frameSettings, objectiveSchedule } from '../cli/frame-options.js';
import { evenSide } from '../cli/frame-run.js';
import { openSession } from '../cli/session.js';
import { existingFile, integerIn, numberIn, pair, size as parseSize, writableOutput } from '../cli/validate.js';
import { frameEvents, type FramePlan } from './frames.js';
import { maskPlanFromFlags } from '../pipeline/mask-plan.js';
import { regionObjectives } from './regions.js';
import { FRAME_OPTION_NAMES, toFlags, type FrameOptions } from './options.js';

/** `dreamreel zoom`'s flags camelCased. */
export interface ZoomOptions extends FrameOptions {
  readonly output: string;
  readonly frames?: number;
  /** Zoom per frame (>1 zooms in). */
  readonly zoom?: number;
  /** Degrees per frame. */
  readonly rotate?: number;
  /** Pixels per frame, [dx, dy]. */
  readonly shift?: readonly [number, number];
  readonly pingpong?: boolean;
}

const ZOOM_OPTION_NAMES = [...FRAME_OPTION_NAMES, 'frames', 'zoom', 'rotate', 'shift', 'pingpong'];

async function planZoom(still: string, options: ZoomOptions): Promise<FramePlan> {
  const flags = toFlags(options, ZOOM_OPTION_NAMES);
  if (!options.output) throw new DreamreelError('zoom needs an output, such as { output: "zoom.mp4" }');
  const first = dreamSettings(flags);
  const frame = frameSettings({ stepsNext: '4', ...flags }, first);
  backendName(flags);
  const frames = integerIn('--frames', String(flags.frames ?? 120), 1, 100000);
  const fps = numberIn('--fps', flags.fps ?? 24, 0.1, 240);
  const step = { zoom: numberIn('--zoom', String(flags.zoom ?? 1.03), 0.5, 2), rotateDegrees: numberIn('--rotate', String(flags.rotate ?? 0), -45, 45), shift: pair('--shift', String(flags.shift ?? '0,0'), -100, 100) };
  writableOutput(options.output);
  const wanted = flags.size ? parseSize('--size', String(flags.size)) : { maxSide: 640 };
  const picture = await readImage(existingFile('still', still), wanted.maxSide);
  const source = resizeImage(picture, evenSide(wanted.width ?? picture.width), evenSide(wanted.height ?? picture.height));
  const mask = await maskPlanFromFlags(flags, { width: source.width, height: source.height, fps, frames, output: options.output }, 'zoom has no clip to measure, use it with render');
  if (options.restart) await Checkpoint.discard(options.output);
  const session = await openSession(flags, () => undefined);
  const job = {
    command: 'zoom', input: still, output: options.output, width: source.width, height: source.height, fps, frames, warnings: mask.warnings, regions: regionObjectives(session, mask.regionSpecs), first, next: frame.next, blend: 1, crf: frame.crf,
    resume: Boolean(options.resume),
    identity: { input: resolve(still), step, objective: flags.layerSchedule ?? session.objective.description, model: session.model, pingpong: Boolean(options.pingpong), ...mask.identity },
    ...(options.framesDir ? { framesDir: options.framesDir } : {}),
    // Back down to the second frame: the loop's ends are not shown twice.
    ...(options.pingpong ? { tail: (written: number) => Array.from({ length: Math.max(0, written - 2) }, (_, i) => written - 2 - i) } : {}),
  } as const;
  return { session, job, sources: mask.apply(zoomSources(source, frames, () => step)), objectiveAt: objectiveSchedule(session, flags) };
}

/** An infinite zoom from a still, as `dreamreel zoom` does; the same events as `render`. */
export function zoom(still: string, options: ZoomOptions): Observable<RenderEvent> {
  return frameEvents(() => planZoom(still, options));
}
