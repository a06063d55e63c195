import { resolve } from 'node:path';
import type { Observable } from 'rxjs';
import { resizeImage } from '../image/image.js';
import { DreamreelError } from '../errors.js';
import { Checkpoint } from '../pipeline/checkpoint.js';
import type { RenderEvent } from '../pipeline/events.js';
import { readImage } from '../pipeline/image-io.js';
import { zoomSources } from '../pipeline/zoom-sources.js';
import { songFromOptions } from '../pipeline/song.js';
import { backendName, dreamSettings } from '../cli/dream-options.js';
import { frameSettings, objectiveSchedule } from '../cli/frame-options.js';
import { evenSide } from '../cli/frame-run.js';
import { openSession } from '../cli/session.js';
import { existingFile, integerIn, numberIn, pair, size as parseSize, writableOutput } from '../cli/validate.js';
import { frameEvents, type FramePlan } from './frames.js';
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
  /** A song: the zoom lasts as long as it (unless `frames` is given) and plays it. */
  readonly audio?: string;
  /** Smoothing of the song's features: "0.05,0.5" or { attack, decay } in seconds. */
  readonly audioSmooth?: string | { readonly attack: number; readonly decay: number };
}

const ZOOM_OPTION_NAMES = [...FRAME_OPTION_NAMES, 'frames', 'zoom', 'rotate', 'shift', 'pingpong', 'audio', 'audioSmooth'];

async function planZoom(still: string, options: ZoomOptions): Promise<FramePlan> {
  const flags = toFlags(options, ZOOM_OPTION_NAMES);
  if (!options.output) throw new DreamreelError('zoom needs an output, such as { output: "zoom.mp4" }');
  const first = dreamSettings(flags);
  const frame = frameSettings({ stepsNext: '4', ...flags }, first);
  backendName(flags);
  const fps = numberIn('--fps', flags.fps ?? 24, 0.1, 240);
  const song = await songFromOptions(options, fps, options.frames === undefined ? undefined : integerIn('--frames', String(options.frames), 1, 100000));
  const frames = song ? song.analysis.frames : integerIn('--frames', String(flags.frames ?? 120), 1, 100000);
  const step = { zoom: numberIn('--zoom', String(flags.zoom ?? 1.03), 0.5, 2), rotateDegrees: numberIn('--rotate', String(flags.rotate ?? 0), -45, 45), shift: pair('--shift', String(flags.shift ?? '0,0'), -100, 100) };
  writableOutput(options.output);
  const wanted = flags.size ? parseSize('--size', String(flags.size)) : { maxSide: 640 };
  const picture = await readImage(existingFile('still', still), wanted.maxSide);
  const source = resizeImage(picture, evenSide(wanted.width ?? picture.width), evenSide(wanted.height ?? picture.height));
  if (options.restart) await Checkpoint.discard(options.output);
  const session = await openSession(flags, () => undefined);
  const job = {
    command: 'zoom', input: still, output: options.output, width: source.width, height: source.height, fps, frames, first, next: frame.next, blend: 1, crf: frame.crf,
    resume: Boolean(options.resume),
    identity: { input: resolve(still), step, objective: flags.layerSchedule ?? session.objective.description, model: session.model, pingpong: Boolean(options.pingpong), ...(song ? { audio: song.identity } : {}) },
    ...(song ? { audioFrom: song.audioFrom } : {}),
    ...(options.framesDir ? { framesDir: options.framesDir } : {}),
    // Back down to the second frame: the loop's ends are not shown twice.
    ...(options.pingpong ? { tail: (written: number) => Array.from({ length: Math.max(0, written - 2) }, (_, i) => written - 2 - i) } : {}),
  } as const;
  return { session, job, sources: zoomSources(source, frames, () => step), objectiveAt: objectiveSchedule(session, flags) };
}

/** An infinite zoom from a still, as `dreamreel zoom` does; the same events as `render`. */
export function zoom(still: string, options: ZoomOptions): Observable<RenderEvent> {
  return frameEvents(() => planZoom(still, options));
}
