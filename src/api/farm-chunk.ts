import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { lastValueFrom, ReplaySubject, tap } from 'rxjs';
import { DreamreelError } from '../errors.js';
import { renderFrames } from '../pipeline/render.js';
import type { RenderEvent } from '../pipeline/events.js';
import type { FromChunk, ToChunk } from '../pipeline/farm/chunk-messages.js';
import { chunkSources, chunkWindow, dreamedCount, seamFrames } from '../pipeline/farm/chunk-sources.js';
import { planMask } from '../pipeline/mask-plan.js';
import { LOSSLESS_CRF, segmentPath, type ChunkJobData } from '../pipeline/farm/payload.js';
import { thumbnailPublisher } from '../pipeline/farm/thumbnail-publisher.js';
import { parseOptions, renderOptions, splitScheduled } from '../options/index.js';
import { frameSchedules, offsetSchedules } from '../pipeline/frame-schedules.js';
import { scheduleContext } from '../schedule/index.js';
import { scheduledLayers } from './scheduled-layers.js';
import { objectiveAt } from './frames.js';
import { openSession } from './session.js';
import { frameSettings } from './settings.js';
import { regionObjectives } from './regions.js';

/**
 * One farm chunk in its own process (forked by the worker), so ONNX Runtime's blocking steps
 * never starve the worker's lock renewals. Dreams the preroll and the chunk's frames through the
 * local render pipeline into the chunk's segment, resuming from the chunk's own checkpoint.
 */
// Replayed: a stop that arrives while the model loads still stops the render once it starts.
const stop$ = new ReplaySubject<void>(1);
const send = (m: FromChunk): void => void process.send?.(m);
/** Reports last words, then exits once they are on their way. */
const finish = (m: FromChunk): void => void process.send?.(m, undefined, {}, () => process.exit(0));

/** Relays the render's events to the worker; true when it was stopped. */
function relay(data: ChunkJobData, began: number): (e: RenderEvent) => void {
  const { render, chunk } = data;
  const dreamed = dreamedCount(data);
  const from = chunk.start - chunk.preroll;
  // The dashboard's thumbnails: at most one a second, within 1% of the frames' time.
  const thumb = thumbnailPublisher(send);
  return (e) => {
    if (e.type === 'start') send({ type: 'loaded', restored: e.resumedFrom ?? 0, loadMs: performance.now() - began });
    if (e.type === 'frame-done') thumb(e, from);
    // The overlap past the chunk's end is dreamed too, but progress counts the chunk's own frames.
    if (e.type === 'frame-done')
      send({
        type: 'frame',
        done: Math.min(chunk.end - chunk.start, Math.max(0, e.frame + 1 - chunk.preroll)),
        index: e.frame,
        preroll: e.frame < chunk.preroll,
        loss: e.loss,
        ms: e.ms,
      });
    if (e.type === 'done' && !e.stopped && e.frames !== dreamed)
      throw new DreamreelError(`chunk ${chunk.index} of ${render.input} gave ${e.frames - chunk.preroll} frames, not ${dreamed - chunk.preroll}`);
  };
}

async function run(data: ChunkJobData): Promise<void> {
  const { render, chunk } = data;
  const began = performance.now();
  // The job's options, parsed back by the schema they were serialised from.
  const { plain: o, schedules: scheduled } = splitScheduled(parseOptions(renderOptions, render.options, 'library'), renderOptions);
  // Schedules sampled over the whole render (no music on a farm), read at the chunk's own frames.
  const context = scheduleContext(render.fps, render.frames);
  const from = chunk.start - chunk.preroll;
  const schedules = offsetSchedules(frameSchedules(scheduled, context), from);
  // The mask decoded over the chunk's own window, in step with its frames.
  const mask = await planMask(o, { width: render.width, height: render.height, fps: render.fps, frames: dreamedCount(data), ...chunkWindow(data) });
  const session = await openSession(o, { surface: 'library', log: (line) => void process.stderr.write(line + '\n') });
  const at = scheduledLayers(session, o, context) ?? objectiveAt(o, session);
  const { first, next, blend } = frameSettings(o);
  const segment = segmentPath(render, chunk.index);
  await mkdir(dirname(segment), { recursive: true });
  const kept = seamFrames(data);
  await mkdir(kept.dir, { recursive: true });
  const partial = `${segment}.${randomBytes(4).toString('hex')}.partial.ts`;
  let stopped = false;
  try {
    const regions = regionObjectives(session, mask.regionSpecs);
    const job = {
      command: 'render',
      input: render.input,
      output: segment,
      width: render.width,
      height: render.height,
      fps: render.fps,
      frames: dreamedCount(data),
      // Seeds follow the absolute frame index, as in a one-machine render.
      first,
      next,
      firstFrame: from,
      blend,
      // Lossless in-between: the join encodes the whole video once at the user's --crf, so no join is a codec keyframe jump.
      crf: LOSSLESS_CRF,
      carry: o.carry,
      schedules,
      regions,
      // A retry or a duplicate continues the frames already checkpointed.
      resume: 'auto',
      identity: { ...render.identity, chunk },
      partial,
      // The seam's frames and the overlap are the join's to encode, cross-faded.
      encodeFrom: chunk.preroll + (chunk.seam ?? 0),
      encodeBefore: chunk.end - from,
      keepFrames: kept,
    } as const;
    const events$ = renderFrames(session.engine, job, mask.apply(chunkSources(data)), (i) => at(i + from), { stop$ });
    const onEvent = relay(data, began);
    await lastValueFrom(events$.pipe(tap((e) => (onEvent(e), e.type === 'done' && (stopped = Boolean(e.stopped))))), { defaultValue: undefined });
  } finally {
    await rm(partial, { force: true });
    await session.engine.dispose();
  }
  finish({ type: 'done', stopped });
}

process.on('message', (m: ToChunk) => {
  if (m.type === 'stop') stop$.next();
  if (m.type !== 'run') return;
  run(m.data).catch((e: unknown) => finish({ type: 'error', message: (e as Error).message ?? String(e), user: e instanceof DreamreelError }));
});
// SIGTERM or Ctrl-C reaching this process too: stop cleanly, like the stop message.
process.on('SIGINT', () => stop$.next());
process.on('SIGTERM', () => stop$.next());
// The worker died (kill -9): nothing is left to report to; finished frames are checkpointed.
process.on('disconnect', () => process.exit(0));
