import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { lastValueFrom, ReplaySubject, tap } from 'rxjs';
import { DreamreelError } from '../errors.js';
import { renderFrames, type FrameSources } from '../pipeline/render.js';
import { videoSources } from '../pipeline/video-sources.js';
import type { FromChunk, ToChunk } from '../pipeline/farm/chunk-messages.js';
import { segmentPath, type ChunkJobData } from '../pipeline/farm/payload.js';
import { thumbnailPublisher } from '../pipeline/farm/thumbnail-publisher.js';
import { dreamSettings, type RawDreamFlags } from './dream-options.js';
import { frameSettings, objectiveSchedule, type RawFrameFlags } from './frame-options.js';
import { openSession } from './session.js';
import { oneOf } from './validate.js';
import { CARRIES } from '../pipeline/operators/carry-names.js';

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

/**
 * Decode window: from a quarter frame before the chunk's first frame (so rounding never drops it)
 * to a little past its last; firstFrames then takes exactly the chunk's frames.
 */
function window(data: ChunkJobData): { start?: number; duration: number } {
  const { render, chunk } = data;
  const from = chunk.start - chunk.preroll;
  const count = chunk.end - from;
  const start = (render.start ?? 0) + (from > 0 ? (from - 0.25) / render.fps : 0);
  return { ...(start > 0 ? { start } : {}), duration: (count + 0.5) / render.fps };
}

/** The chunk's frames (preroll included), with flow between neighbours. */
function chunkSources(data: ChunkJobData): FrameSources {
  const { render, chunk } = data;
  const sources = videoSources(render.input, { width: render.width, height: render.height, ...window(data) }, render.flow);
  return { ...sources, frames: firstFrames(sources.frames, chunk.end - chunk.start + chunk.preroll) };
}

/** The first `count` frames; leaving early stops the decoder. */
async function* firstFrames<T>(frames: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  let taken = 0;
  if (count <= 0) return;
  for await (const frame of frames) {
    yield frame;
    if (++taken >= count) return;
  }
}

async function run(data: ChunkJobData): Promise<void> {
  const { render, chunk } = data;
  const flags = render.flags as RawDreamFlags & RawFrameFlags;
  const began = performance.now();
  const session = await openSession(flags, (line) => process.stderr.write(line + '\n'));
  const objectiveAt = objectiveSchedule(session, flags);
  const base = dreamSettings(flags);
  const frame = frameSettings(flags, base);
  const from = chunk.start - chunk.preroll;
  const segment = segmentPath(render, chunk.index);
  await mkdir(dirname(segment), { recursive: true });
  const partial = `${segment}.${randomBytes(4).toString('hex')}.partial.ts`;
  let stopped = false;
  const thumb = thumbnailPublisher(send);
  try {
    const events$ = renderFrames(
      session.engine,
      {
        command: 'render', input: render.input, output: segment, width: render.width, height: render.height, fps: render.fps, frames: chunk.end - from,
        // Seeds follow the absolute frame index, as in a one-machine render.
        first: { ...base, seed: base.seed + from }, next: { ...frame.next, seed: frame.next.seed + from }, blend: frame.blend, crf: frame.crf,
        carry: oneOf('--carry', String(render.flags.carry ?? 'steady'), CARRIES),
        // A retry or a duplicate continues the frames already checkpointed.
        resume: 'auto',
        identity: { ...render.identity, chunk },
        encodeFrom: chunk.preroll,
        partial,
      },
      chunkSources(data),
      (i) => objectiveAt(i + from),
      { stop$ },
    );
    await lastValueFrom(events$.pipe(tap((e) => {
      if (e.type === 'start') send({ type: 'loaded', restored: e.resumedFrom ?? 0, loadMs: performance.now() - began });
      if (e.type === 'frame-done') thumb(e, from);
      if (e.type === 'frame-done') send({ type: 'frame', done: Math.max(0, e.frame + 1 - chunk.preroll), index: e.frame, preroll: e.frame < chunk.preroll, loss: e.loss, ms: e.ms });
      if (e.type === 'done') {
        stopped = Boolean(e.stopped);
        if (!stopped && e.frames !== chunk.end - from) throw new DreamreelError(`chunk ${chunk.index} of ${render.input} gave ${e.frames - chunk.preroll} frames, not ${chunk.end - chunk.start}`);
      }
    })), { defaultValue: undefined });
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
