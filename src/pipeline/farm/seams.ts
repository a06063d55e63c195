import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { DreamreelError } from '../../errors.js';
import type { RgbImage } from '../../image/image.js';
import { decodeFrames } from '../decode-frames.js';
import { FrameEncoder } from '../encoder.js';
import { readImage } from '../image-io.js';
import { temporaryName } from '../temporary-name.js';
import { blendSeamFrame, seamWeights } from './seam-blend.js';
import { LOSSLESS_CRF, seamFramePath, seamSegmentPath, segmentPath, type RenderSpec } from './payload.js';
import type { ChunkSpec } from './plan.js';

/** Source frames [from, from + count), decoded as a chunk decodes its window (a quarter frame early). */
async function sourceFrames(render: RenderSpec, from: number, count: number): Promise<RgbImage[]> {
  const start = (render.start ?? 0) + (from > 0 ? (from - 0.25) / render.fps : 0);
  const frames: RgbImage[] = [];
  for await (const frame of decodeFrames(render.input, {
    width: render.width,
    height: render.height,
    ...(start > 0 ? { start } : {}),
    duration: (count + 0.5) / render.fps,
  })) {
    frames.push(frame);
    if (frames.length === count) break;
  }
  if (frames.length < count)
    throw new DreamreelError(`cannot join ${render.output}: ${render.input} gave ${frames.length} of the ${count} frames of the seam at frame ${from + 1}`);
  return frames;
}

/**
 * The frames that open `chunk`: each of its seam frames cross-faded (residual blend, see
 * seam-blend.ts) from the previous chunk's overlap frame of the same source frame, on an even
 * ramp, encoded losslessly like the segments. Safe to run twice.
 */
async function writeSeamSegment(render: RenderSpec, chunk: ChunkSpec): Promise<void> {
  const path = seamSegmentPath(render, chunk.index);
  if (existsSync(path)) return;
  const count = chunk.seam ?? 0;
  const sources = await sourceFrames(render, chunk.start, count);
  // Its writer's own temporary name: a join delivered twice may write the same seam at once.
  const partial = temporaryName(path, 'ts');
  const encoder = new FrameEncoder({ path: partial, format: 'ts', width: render.width, height: render.height, fps: render.fps, crf: LOSSLESS_CRF });
  try {
    const weights = seamWeights(count);
    for (let i = 0; i < count; i++) {
      const frame = chunk.start + i;
      const [left, right] = await Promise.all([readImage(seamFramePath(render, frame, 'left')), readImage(seamFramePath(render, frame, 'right'))]);
      await encoder.write(blendSeamFrame(sources[i]!, left, right, weights[i]!));
    }
    await encoder.finish();
    await rename(partial, path);
  } catch (e) {
    encoder.abort();
    await encoder.closed();
    await rm(partial, { force: true });
    throw e;
  }
}

/** Every piece of the video in order, seams written first: per chunk its seam (if any), then its segment. */
export async function piecesWithSeams(render: RenderSpec, chunks: readonly ChunkSpec[] | undefined): Promise<string[]> {
  const plan = chunks ?? Array.from({ length: render.chunks }, (_, index) => ({ index }) as ChunkSpec);
  for (const chunk of plan) if (chunk.seam) await writeSeamSegment(render, chunk);
  return plan.flatMap((chunk) => [...(chunk.seam ? [seamSegmentPath(render, chunk.index)] : []), segmentPath(render, chunk.index)]);
}
