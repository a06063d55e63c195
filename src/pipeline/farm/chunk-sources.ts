import { basename, dirname } from 'node:path';
import { videoSources } from '../video-sources.js';
import type { FrameSources } from '../render.js';
import type { KeptFrames } from '../operators/write-frames.js';
import { seamFramePath, type ChunkJobData } from './payload.js';

/** Frames this chunk dreams: its preroll, its own frames and its overlap past its end (the next seam's left side). */
export function dreamedCount(data: ChunkJobData): number {
  const { chunk } = data;
  return chunk.preroll + chunk.end - chunk.start + (chunk.overlap ?? 0);
}

/**
 * Decode window: from a quarter frame before the chunk's first frame (so rounding never drops it)
 * to a little past its last; firstFrames then takes exactly the chunk's frames.
 */
export function chunkWindow(data: ChunkJobData): { start?: number; duration: number } {
  const { render, chunk } = data;
  const from = chunk.start - chunk.preroll;
  const count = chunk.end + (chunk.overlap ?? 0) - from;
  const start = (render.start ?? 0) + (from > 0 ? (from - 0.25) / render.fps : 0);
  return { ...(start > 0 ? { start } : {}), duration: (count + 0.5) / render.fps };
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

/** The chunk's frames (preroll and overlap included), with flow between neighbours. */
export function chunkSources(data: ChunkJobData): FrameSources {
  const { render } = data;
  const sources = videoSources(render.input, { width: render.width, height: render.height, ...chunkWindow(data) }, render.flow);
  return { ...sources, frames: firstFrames(sources.frames, dreamedCount(data)) };
}

/**
 * The frames the join cross-fades, kept as PNGs by absolute index: the chunk's first `seam`
 * frames (the right side of its seam) and its `overlap` frames past its end (the left side of the next).
 */
export function seamFrames(data: ChunkJobData): KeptFrames {
  const { render, chunk } = data;
  const from = chunk.start - chunk.preroll;
  const name = (index: number): string | undefined => {
    const frame = from + index;
    if (frame >= chunk.start && frame < chunk.start + (chunk.seam ?? 0)) return basename(seamFramePath(render, frame, 'right'));
    if (frame >= chunk.end && frame < chunk.end + (chunk.overlap ?? 0)) return basename(seamFramePath(render, frame, 'left'));
    return undefined;
  };
  return { dir: dirname(seamFramePath(render, 0, 'left')), name };
}
