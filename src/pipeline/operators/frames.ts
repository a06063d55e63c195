import type { RgbImage } from '../../image/image.js';
import type { FlowField } from '../../flow/flow-field.js';
import type { Mask } from '../../image/mask.js';

/** A decoded (or generated) frame and its place in the render. */
export interface SourceFrame {
  readonly index: number;
  readonly source: RgbImage;
  readonly previousSource?: RgbImage;
}

/** Motion from the previous source frame to this one, and where it can be trusted. */
export interface Motion {
  /** For each pixel of this frame, where it was in the previous one. */
  readonly backward: FlowField;
  /** [0, 1] per pixel. */
  readonly trust: Float32Array;
}

export interface MovingFrame extends SourceFrame {
  readonly motion?: Motion;
  /** Too little of the previous frame survives: dream this one afresh. */
  readonly sceneCut: boolean;
  /** How much to dream at each pixel (--mask): none where 0, the source shows there unchanged. */
  readonly mask?: Mask;
  /** The weights of the --region masks, in the order given: each dreamed with its own objective. */
  readonly regions?: readonly Mask[];
}

export interface DreamedFrame extends SourceFrame {
  readonly dreamed: RgbImage;
  /** `dreamed` as 8-bit RGB, when the dream made them already (toBytes(dreamed)). */
  readonly bytes?: Buffer;
  readonly loss: number;
  readonly ms: number;
  /** The mask it was shown through, if any. */
  readonly mask?: Mask;
  /** A masked frame's whole dream, before the mask: what the next frame's carry continues. */
  readonly unmasked?: RgbImage;
  /** Read back from the checkpoint of an earlier run, not dreamed now. */
  readonly restored: boolean;
  /** Saved beside the frame: whether it was dreamed afresh, and the carry's state after it. */
  readonly carried?: FrameCarry;
}

/** What a resumed render needs to carry on from a checkpointed frame as an uninterrupted one would. */
export interface FrameCarry {
  readonly fresh: boolean;
  readonly state?: Readonly<Record<string, unknown>>;
}
