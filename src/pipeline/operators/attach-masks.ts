import { concatMap, defer, finalize, map, type OperatorFunction } from 'rxjs';
import { mask as emptyMask, type Mask } from '../../image/mask.js';
import { shapeMask, type MaskShape } from '../../flow/mask-shape.js';
import { nextMotionMask } from '../../flow/motion-mask.js';
import type { MovingFrame } from './frames.js';

/**
 * Zips each frame with the next mask of `masks` (a mask picture or video, decoded as the frames
 * arrive). Leaving early closes the mask's decoder.
 */
/** Where a mask goes on the frame: its --mask, or the weight of one of its regions. */
export type PutMask = (frame: MovingFrame, mask: Mask) => MovingFrame;

export const asFrameMask: PutMask = (frame, mask) => ({ ...frame, mask });

/** The mask of region `index`, after those before it. */
export const asRegion =
  (index: number): PutMask =>
  (frame, mask) => {
    const regions = [...(frame.regions ?? [])];
    regions[index] = mask;
    return { ...frame, regions };
  };

export function attachMasks(masks: () => AsyncIterable<Mask>, put: PutMask = asFrameMask): OperatorFunction<MovingFrame, MovingFrame> {
  return (frames) =>
    defer(() => {
      const iterator = masks()[Symbol.asyncIterator]();
      let last: Mask | undefined;
      return frames.pipe(
        concatMap(async (frame) => {
          const next = await iterator.next();
          if (!next.done) last = next.value;
          return last ? put(frame, last) : frame;
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
export function flowMasks(kind: 'motion' | 'still', shape: MaskShape, put: PutMask = asFrameMask): OperatorFunction<MovingFrame, MovingFrame> {
  return (frames) =>
    defer(() => {
      let previous: Mask | undefined;
      return frames.pipe(
        map((frame) => {
          const { width, height } = frame.source;
          previous = frame.motion ? nextMotionMask(frame.motion.backward, previous) : undefined;
          const moving = previous ?? emptyMask(width, height);
          return put(frame, shapeMask(moving, { ...shape, invert: (kind === 'still') !== shape.invert }));
        }),
      );
    });
}
