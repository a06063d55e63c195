import { videoSources } from '../video-sources.js';
import type { FrameSources } from '../render.js';
import type { ChunkJobData } from './payload.js';

/**
 * Decode window: from a quarter frame before the chunk's first frame (so rounding never drops it)
 * to a little past its last; firstFrames then takes exactly the chunk's frames.
 */
export function chunkWindow(data: ChunkJobData): { start?: number; duration: number } {
  const { render, chunk } = data;
  const from = chunk.start - chunk.preroll;
  const count = chunk.end - from;
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

/** The chunk's frames (preroll included), with flow between neighbours. */
export function chunkSources(data: ChunkJobData): FrameSources {
  const { render, chunk } = data;
  const sources = videoSources(render.input, { width: render.width, height: render.height, ...chunkWindow(data) }, render.flow);
  return { ...sources, frames: firstFrames(sources.frames, chunk.end - chunk.start + chunk.preroll) };
}
