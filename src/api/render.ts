import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import type { Observable } from 'rxjs';
import { DreamreelError } from '../errors.js';
import type { RenderEvent } from '../pipeline/events.js';
import { planClip } from '../pipeline/clip-plan.js';
import { videoSources } from '../pipeline/video-sources.js';
import { parseOptions, parseSize, renderOptions, sayWith, splitScheduled, type RenderOptionsIn, type RenderOptionsOut } from '../options/index.js';
import { frameSchedules } from '../pipeline/frame-schedules.js';
import { loadSong } from '../pipeline/song.js';
import { songIdentity } from './identity.js';
import { scheduleContext } from '../schedule/index.js';
import { planMask } from '../pipeline/mask-plan.js';
import { checkOutput, existingFile, folderOrAbsent, VIDEO_FORMATS } from './checks.js';
import { frameEvents, prepareFrames, type PreparedFrames } from './frames.js';
import type { SessionContext } from './session.js';

/** `dreamreel render`'s flags camelCased: the frame options plus the clip's. */
export type RenderOptions = RenderOptionsIn & { readonly output: string };

/** The checks every frame render makes before anything is read: the output (folder, format, not the input) and --frames-dir. */
export function checkFrameOutput(
  input: string,
  o: { output?: string | undefined; framesDir?: string | undefined },
  ctx: Pick<SessionContext, 'surface'>,
  command: string,
  example: string,
): string {
  if (!o.output)
    throw new DreamreelError(ctx.surface === 'cli' ? `${command} needs -o/--output <file>` : `${command} needs an output, such as { output: "${example}" }`);
  checkOutput(o.output, VIDEO_FORMATS, input);
  if (o.framesDir) folderOrAbsent(sayWith('{framesDir}', ctx.surface), o.framesDir);
  return o.output;
}

/** Everything that can fail before a frame is dreamed: the options, the clip (probed, its frames counted), the model and the size. */
export async function prepareRender(input: string, o: RenderOptionsOut, ctx: SessionContext): Promise<PreparedFrames> {
  const output = checkFrameOutput(input, o, ctx, 'render', 'dream.mp4');
  const size = o.size === undefined ? undefined : parseSize(o.size);
  const clip = await planClip(existingFile('input', input), {
    ...(size ? { size } : {}),
    ...(o.fps !== undefined ? { fps: o.fps } : {}),
    ...(o.start !== undefined ? { start: o.start } : {}),
    ...(o.duration !== undefined ? { duration: o.duration } : {}),
  });
  const { width, height, fps, frames, warnings, info, range } = clip;
  // A song (`audio: "song.mp3"`) is read before the schedules: they may read its features.
  const song = typeof o.audio === 'string' ? await loadSong(o.audio, fps, { frames, ...(o.audioSmooth ? { smooth: o.audioSmooth } : {}) }) : undefined;
  const audioFrom = song
    ? { audioFrom: song.audioFrom }
    : o.audio === true && info.audioCodec
      ? { audioFrom: { path: input, codec: info.audioCodec, ...range } }
      : {};
  // Schedules sampled over the clip's frames now: a bad value anywhere is refused before the model opens.
  const { plain, schedules } = splitScheduled(o, renderOptions);
  const context = scheduleContext(fps, frames, song?.analysis);
  const mask = await planMask(
    o,
    { width, height, fps, frames, ...range, output },
    o.flow ? undefined : ctx.surface === 'cli' ? 'it needs --flow on' : 'it needs flow: true',
  );
  return prepareFrames({ ...plain, output }, ctx, {
    command: 'render',
    input,
    width,
    height,
    fps,
    frames,
    context,
    schedules: frameSchedules(schedules, context),
    identity: { input: resolve(input), bytes: statSync(input).size, flow: o.flow, start: clip.start, duration: clip.duration, ...songIdentity(song) },
    job: { warnings, carry: o.carry, blend: plain.blend, showMask: o.showMask, ...audioFrom },
    mask,
    sources: () => videoSources(input, { width, height, ...(o.fps !== undefined ? { fps } : {}), ...range }, o.flow),
  });
}

/**
 * Dreams a video clip as `dreamreel render` does: the same options (its flags camelCased),
 * checks and one-line DreamreelErrors naming the option. Nothing runs until subscribed; the
 * events are the ones `--json` prints. Unsubscribing stops the render (the partial file and
 * the checkpoint stay, for `resume: true`).
 */
export function render(input: string, options: RenderOptions): Observable<RenderEvent> {
  return frameEvents(async () => prepareRender(input, parseOptions(renderOptions, options, 'library'), { surface: 'library', log: () => undefined }));
}
