import { concatMap, defer, finalize, map, type OperatorFunction } from 'rxjs';
import { mask as emptyMask, type Mask } from '../../image/mask.js';
import { shapeMask, type MaskShape } from '../../flow/mask-shape.js';
import { nextMotionMask } from '../../flow/motion-mask.js';
import type { MovingFrame } from './frames.js';

/**
 * Zips each frame with the next mask of `masks` (a mask picture or video, decoded as the frames
 * arrive). Leaving early closes the mask's decoder.
 */
export function attachMasks(masks: () => AsyncIterable<Mask>): OperatorFunction<MovingFrame, MovingFrame> {
  return (frames) =>
    defer(() => {
      const iterator = masks()[Symbol.asyncIterator]();
      let last: Mask | undefined;
      return frames.pipe(
        concatMap(async (frame) => {
          const next = await iterator.next();
          if (!next.done) last = next.value;
          return last ? { ...frame, mask: last } : frame;
        }),
        finalize(() => void iterator.return?.(undefined)),
      );
    });
}

/**
 * Masks from the optical flow the render measures anyway: `motion` dreams what moves, `still`
 * what stays. The first frame and a scene cut have no motion yet: nothing counts as moving there.
 * Needs the flow of every frame from the first, restored ones included, so a resumed render
 * builds the same masks as an uninterrupted one.
 */
export function flowMasks(kind: 'motion' | 'still', shape: MaskShape): OperatorFunction<MovingFrame, MovingFrame> {
  return (frames) =>
    defer(() => {
      let previous: Mask | undefined;
      return frames.pipe(
        map((frame) => {
          const { width, height } = frame.source;
          previous = frame.motion ? nextMotionMask(frame.motion.backward, previous) : undefined;
          const moving = previous ?? emptyMask(width, height);
          return { ...frame, mask: shapeMask(moving, { ...shape, invert: (kind === 'still') !== shape.invert }) };
        }),
      );
    });
}
