import { featherMask, invertMask, thresholdMask, type Mask } from '../image/mask.js';

/** How a mask picture is read: --mask-threshold, --mask-invert, --mask-feather. */
export interface MaskShape {
  /** Grey at or above this dreams fully, below not at all (unset: grey levels are weights). */
  readonly threshold?: number;
  /** Dream where the mask is black instead. */
  readonly invert: boolean;
  /** Soft edge, px: no hard outline appears where the dream stops. */
  readonly feather: number;
}

/** Threshold first (a clean edge), then invert, then feather (so the soft edge is on the final edge). */
export function shapeMask(m: Mask, shape: MaskShape): Mask {
  const hard = shape.threshold === undefined ? m : thresholdMask(m, shape.threshold);
  return featherMask(shape.invert ? invertMask(hard) : hard, shape.feather);
}
