import { resolve } from 'node:path';
import type { Observable } from 'rxjs';
import { resizeImage } from '../image/image.js';
import type { RenderEvent } from '../pipeline/events.js';
import { evenSide } from '../pipeline/clip-plan.js';
import { readImage } from '../pipeline/image-io.js';
import { pictureSize } from '../pipeline/image-size.js';
import { zoomSources } from '../pipeline/zoom-sources.js';
import { parseOptions, parseSize, splitScheduled, zoomOptions, type ZoomOptionsIn, type ZoomOptionsOut } from '../options/index.js';
import { frameSchedules } from '../pipeline/frame-schedules.js';
import { loadSong } from '../pipeline/song.js';
import { scheduleContext } from '../schedule/index.js';
import { planMask } from '../pipeline/mask-plan.js';
import { existingFile } from './checks.js';
import { contentHash, songIdentity } from './identity.js';
import { frameEvents, prepareFrames, type PreparedFrames } from './frames.js';
import { checkFrameOutput } from './render.js';
import type { SessionContext } from './session.js';

/** `dreamreel zoom`'s flags camelCased. */
export type ZoomOptions = ZoomOptionsIn & { readonly output: string };

/** Back down to the second frame: the loop's ends are not shown twice. */
const pingpongTail = (written: number): number[] => Array.from({ length: Math.max(0, written - 2) }, (_, i) => written - 2 - i);

/** Everything that can fail before a frame is dreamed; the still is decoded only once its size is known to fit. */
export async function prepareZoom(still: string, o: ZoomOptionsOut, ctx: SessionContext): Promise<PreparedFrames> {
  const output = checkFrameOutput(still, o, ctx, 'zoom', 'zoom.mp4');
  const wanted = o.size === undefined ? { maxSide: 640 } : parseSize(o.size)!;
  // The size from the picture's header: nothing is decoded before the size is known to fit.
  const planned = await pictureSize(existingFile('still', still), wanted.maxSide);
  const [width, height] = [evenSide(wanted.width ?? planned.width), evenSide(wanted.height ?? planned.height)];
  // Schedules apart (sampled now, before the model opens); the fixed step holds what is not scheduled.
  const { plain, schedules } = splitScheduled(o, zoomOptions);
  // The song first: without `frames` it decides the length, and schedules may read its features.
  const song = o.audio
    ? await loadSong(o.audio, o.fps, { ...(o.frames !== undefined ? { frames: o.frames } : {}), ...(o.audioSmooth ? { smooth: o.audioSmooth } : {}) })
    : undefined;
  const frames = song ? song.analysis.frames : (o.frames ?? 120);
  const context = scheduleContext(o.fps, frames, song?.analysis);
  const scheduled = frameSchedules(schedules, context);
  const step = { zoom: plain.zoom, rotateDegrees: plain.rotate, shift: [plain.shift[0], plain.shift[1]] as [number, number] };
  const mask = await planMask(o, { width, height, fps: o.fps, frames, output }, 'zoom has no clip to measure, use it with render');
  return prepareFrames({ ...plain, output }, ctx, {
    command: 'zoom',
    input: still,
    width,
    height,
    fps: o.fps,
    frames,
    context,
    schedules: scheduled,
    identity: { input: resolve(still), still: contentHash(still), step, pingpong: o.pingpong, ...songIdentity(song) },
    job: { blend: 1, showMask: o.showMask, ...(o.pingpong ? { tail: pingpongTail } : {}), ...(song ? { audioFrom: song.audioFrom } : {}) },
    mask,
    sources: async () => zoomSources(resizeImage(await readImage(still, wanted.maxSide), width, height), frames, (i) => scheduled.step(i, step)),
  });
}

/** An infinite zoom from a still, as `dreamreel zoom` does; the same checks and events as `render`. */
export function zoom(still: string, options: ZoomOptions): Observable<RenderEvent> {
  return frameEvents(async () => prepareZoom(still, parseOptions(zoomOptions, options, 'library'), { surface: 'library', log: () => undefined }));
}
