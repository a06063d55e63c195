import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import type { Observable } from 'rxjs';
import { DreamreelError } from '../errors.js';
import { Checkpoint } from '../pipeline/checkpoint.js';
import type { RenderEvent } from '../pipeline/events.js';
import type { FrameJob } from '../pipeline/render.js';
import { videoSources } from '../pipeline/video-sources.js';
import { backendName, dreamSettings } from '../cli/dream-options.js';
import { frameSettings, objectiveSchedule } from '../cli/frame-options.js';
import { sharedIdentity } from '../cli/frame-run.js';
import { planClip, type ClipFlags } from '../cli/clip-plan.js';
import { openSession } from '../cli/session.js';
import { FRAME_OPTION_NAMES, toFlags, type FrameOptions } from './options.js';
import { frameEvents, type FramePlan } from './frames.js';
import { maskPlanFromFlags } from '../pipeline/mask-plan.js';
import { regionObjectives } from './regions.js';

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
  /** How frames carry the dream: 'steady' (default) or 'fade'. */
  readonly carry?: 'steady' | 'fade';
}

const RENDER_OPTION_NAMES = [...FRAME_OPTION_NAMES, 'start', 'duration', 'flow', 'audio', 'carry'];

/** Validates everything, probes the clip and opens the model: all that can fail before a frame is dreamed. */
async function planRender(input: string, options: RenderOptions): Promise<FramePlan> {
  const flags = toFlags({ ...options, flow: options.flow === false ? 'off' : 'on' }, RENDER_OPTION_NAMES);
  if (!options.output) throw new DreamreelError('render needs an output, such as { output: "dream.mp4" }');
  const first = dreamSettings(flags);
  // The CLI's defaults: 5 steps on carried frames, the steady carry at full strength.
  const frame = frameSettings({ stepsNext: '5', blend: '1', ...flags }, first);
  backendName(flags);
  const clip = await planClip(input, { ...flags, output: options.output } as ClipFlags);
  const { width, height, fps, frames, warnings, flow, carry, start, duration, info, range } = clip;
  const mask = await maskPlanFromFlags(flags, { width, height, fps, frames, ...range, output: options.output }, flow ? undefined : 'it needs flow: true');
  if (options.restart) await Checkpoint.discard(options.output);
  const session = await openSession(flags, () => undefined);
  try {
    const job: FrameJob = {
      command: 'render', input, output: options.output, width, height, fps, frames, warnings: [...warnings, ...mask.warnings], regions: regionObjectives(session, mask.regionSpecs), first, next: frame.next, blend: frame.blend, carry, crf: frame.crf,
      resume: Boolean(options.resume),
      identity: { input: resolve(input), bytes: statSync(input).size, flow, start, duration, ...mask.identity, ...sharedIdentity({ ...flags, output: options.output }, session) },
      ...(options.framesDir ? { framesDir: options.framesDir } : {}),
      ...(options.audio !== false && info.audioCodec ? { audioFrom: { path: input, codec: info.audioCodec, ...range } } : {}),
    };
    const sources = mask.apply(videoSources(input, { width, height, ...(flags.fps ? { fps } : {}), ...range }, flow));
    return { session, job, sources, objectiveAt: objectiveSchedule(session, flags) };
  } catch (e) {
    await session.engine.dispose();
    throw e;
  }
}

/**
 * Dreams a video clip as `dreamreel render` does. Nothing runs until subscribed; the events
 * are the ones `--json` prints. Unsubscribing stops the render (the partial file and the
 * checkpoint stay, for `resume: true`).
 */
export function render(input: string, options: RenderOptions): Observable<RenderEvent> {
  return frameEvents(() => planRender(input, options));
}
