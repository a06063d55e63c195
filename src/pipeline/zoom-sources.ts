import { map } from 'rxjs';
import type { RgbImage } from '../image/image.js';
import { zoomRotateShift, type ZoomStep } from '../flow/affine.js';
import type { FrameSources } from './render.js';
import type { MovingFrame } from './operators/frames.js';

/**
 * Zoom feedback: the first source is the still; each later one is the previous dream zoomed,
 * rotated and shifted. The next source is pulled only after the previous frame is written,
 * so the last written dream is always the frame just finished.
 */
export function zoomSources(still: RgbImage, frames: number, step: (index: number) => ZoomStep): FrameSources {
  let lastDream: RgbImage | undefined;
  async function* generate(): AsyncGenerator<RgbImage> {
    yield still;
    for (let i = 1; i < frames; i++) yield zoomRotateShift(lastDream!, step(i));
  }
  return {
    frames: generate(),
    lookahead: 1,
    motion: () => map((f): MovingFrame => ({ ...f, sceneCut: false })),
    mode: 'zoom',
    onWritten: (frame) => void (lastDream = frame.dreamed),
  };
}
