import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import type { Observable } from 'rxjs';
import { DreamreelError } from '../errors.js';
import { Checkpoint } from '../pipeline/checkpoint.js';
import type { RenderEvent } from '../pipeline/events.js';
import { probeVideo } from '../pipeline/probe.js';
import type { FrameJob } from '../pipeline/render.js';
import { videoSources } from '../pipeline/video-sources.js';
import { backendName, dreamSettings } from '../cli/dream-options.js';
import { frameSettings, objectiveSchedule } from '../cli/frame-options.js';
import { evenSide } from '../cli/frame-run.js';
import { openSession } from '../cli/session.js';
import { existingFile, numberIn, oneOf, size as parseSize, writableOutput } from '../cli/validate.js';
import { FRAME_OPTION_NAMES, toFlags, type FrameOptions } from './options.js';
import { frameEvents, type FramePlan } from './frames.js';

/** `dreamreel render`'s flags camelCased: the frame options plus the clip's. */
export interface RenderOptions extends FrameOptions {
  readonly output: string;
  /** Seconds into the clip to begin. */
  readonly start?: number;
  readonly duration?: number;
  /** Carry the dream along the optical flow (default true). */
  readonly flow?: boolean;
  /** Keep the clip's audio (default true). */
  readonly audio?: boolean;
}

const RENDER_OPTION_NAMES = [...FRAME_OPTION_NAMES, 'start', 'duration', 'flow', 'audio'];

/** Validates everything, probes the clip and opens the model: all that can fail before a frame is dreamed. */
async function planRender(input: string, options: RenderOptions): Promise<FramePlan> {
  const flags = toFlags({ ...options, flow: options.flow === false ? 'off' : 'on' }, RENDER_OPTION_NAMES);
  if (!options.output) throw new DreamreelError('render needs an output, such as { output: "dream.mp4" }');
  const first = dreamSettings(flags);
  const frame = frameSettings({ stepsNext: '5', ...flags }, first);
  backendName(flags);
  const flow = oneOf('--flow', String(flags.flow), ['on', 'off'] as const) === 'on';
  const start = flags.start === undefined ? undefined : numberIn('--start', String(flags.start), 0, 1e6);
  const duration = flags.duration === undefined ? undefined : numberIn('--duration', String(flags.duration), 0.01, 1e6);
  writableOutput(options.output);
  const info = await probeVideo(existingFile('input', input));
  const wanted = flags.size ? parseSize('--size', String(flags.size)) : { maxSide: Math.min(640, Math.max(info.width, info.height)) };
  const scale = wanted.maxSide ? wanted.maxSide / Math.max(info.width, info.height) : 1;
  const width = evenSide(wanted.width ?? info.width * scale);
  const height = evenSide(wanted.height ?? info.height * scale);
  const fps = flags.fps === undefined ? info.fps : numberIn('--fps', flags.fps, 0.1, 240);
  const seconds = Math.max(0, Math.min(duration ?? Infinity, info.duration - (start ?? 0)));
  const frames = Math.max(1, Math.round(seconds * fps)) || info.frames;
  if (options.restart) await Checkpoint.discard(options.output);
  const session = await openSession(flags, () => undefined);
  const job: FrameJob = {
    command: 'render', input, output: options.output, width, height, fps, frames, first, next: frame.next, blend: frame.blend, crf: frame.crf,
    resume: Boolean(options.resume),
    identity: { input: resolve(input), bytes: statSync(input).size, flow, start, duration, objective: flags.layerSchedule ?? session.objective.description, model: session.model },
    ...(options.framesDir ? { framesDir: options.framesDir } : {}),
    ...(options.audio !== false && info.audioCodec ? { audioFrom: { path: input, codec: info.audioCodec, ...(start ? { start } : {}), ...(duration ? { duration } : {}) } } : {}),
  };
  const sources = videoSources(input, { width, height, ...(flags.fps ? { fps } : {}), ...(start ? { start } : {}), ...(duration ? { duration } : {}) }, flow);
  return { session, job, sources, objectiveAt: objectiveSchedule(session, flags) };
}

/**
 * Dreams a video clip as `dreamreel render` does. Nothing runs until subscribed; the events
 * are the ones `--json` prints. Unsubscribing stops the render (the partial file and the
 * checkpoint stay, for `resume: true`).
 */
export function render(input: string, options: RenderOptions): Observable<RenderEvent> {
  return frameEvents(() => planRender(input, options));
}
