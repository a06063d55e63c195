import { concatMap, type OperatorFunction } from 'rxjs';
import { lumaBytes, meanAbsDifference, type GrayImage, type RgbImage } from '../../image/image.js';
import { consistencyMask, softenMask } from '../../flow/consistency.js';
import { farnebackFlowOffThread } from '../../flow/flow-thread.js';
import type { MovingFrame, SourceFrame } from './frames.js';

export interface MotionOptions {
  readonly enabled: boolean;
  /** Frames below this index are restored from a checkpoint and need no flow. */
  readonly firstToDream: number;
  /** A cut when less than this share of the frame has trusted flow. */
  readonly minTrust: number;
}

/**
 * Optical flow both ways between neighbouring source frames, and the forward-backward trust
 * mask. Runs on the source frames only, so it can work ahead of the dream.
 */
export function estimateMotion(options: MotionOptions): OperatorFunction<SourceFrame, MovingFrame> {
  // The last frame's luma: it is the previous frame of the next pair.
  let last: { readonly of: RgbImage; readonly luma: GrayImage } | undefined;
  const lumaOf = (image: RgbImage): GrayImage => (last?.of === image ? last.luma : lumaBytes(image));
  return concatMap(async (frame): Promise<MovingFrame> => {
    const { previousSource: prev, source } = frame;
    if (!options.enabled || !prev || frame.index < options.firstToDream) return { ...frame, sceneCut: false };
    // A hard cut fools flow into inventing motion; a large plain difference gives it away first.
    if (meanAbsDifference(prev, source) > 0.25) return { ...frame, sceneCut: true };
    // On the flow thread, so it overlaps the dream of the frames before this one.
    // Each frame's luma once, for both flows of both pairs it is in.
    const [now, before] = [lumaBytes(source), lumaOf(prev)];
    last = { of: source, luma: now };
    const [backward, forward] = await Promise.all([farnebackFlowOffThread(now, before), farnebackFlowOffThread(before, now)]);
    const trust = softenMask(consistencyMask(backward, forward), source.width, source.height);
    const trusted = trust.reduce((s, v) => s + v, 0) / trust.length;
    return { ...frame, motion: { backward, trust }, sceneCut: trusted < options.minTrust };
  });
}
