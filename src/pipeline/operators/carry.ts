import type { RgbImage } from '../../image/image.js';
import type { DreamSettings } from '../../dream/settings.js';
import type { Motion } from './frames.js';
import { warpPreviousDream } from './warp-previous-dream.js';

/**
 * How a video frame's dream starts from the dreams before it. One per render: it keeps what it
 * needs of earlier frames, told of every frame in order (dreamed now, restored from a
 * checkpoint, or dreamed afresh after a cut), so a resumed render starts each frame as an
 * uninterrupted one would.
 */
export interface Carry {
  /** The start of a frame that follows the previous dream along `motion`; `blend` overrides the render's (a scheduled --blend). */
  start(source: RgbImage, motion: Motion, blend?: number): RgbImage;
  /** The settings a carried frame is dreamed with, from the --steps-next/--octaves-next ones. */
  settings?(next: DreamSettings): DreamSettings;
  /** What is kept of a carried frame's dream, given its start (default: the dream as it is). */
  finish?(start: RgbImage, dreamed: RgbImage, motion: Motion): RgbImage;
  /**
   * Carried frames draw the render's seed, the same jitter every frame, not seed + index: on
   * ground that holds still the steps then agree from frame to frame instead of stirring it anew.
   */
  readonly steadyJitter?: boolean;
  remember(source: RgbImage, dreamed: RgbImage, fresh: boolean): void;
  /**
   * What the carry keeps beyond the frame itself (the steady carry's target strength), as JSON,
   * saved with each frame's checkpoint so a resumed render continues with the same state.
   */
  snapshot?(): CarryState;
  /** Takes back a snapshot after the frame it was taken with has been remembered. */
  restore?(state: CarryState): void;
}

/** A carry's own state, plain JSON (see Carry.snapshot). */
export type CarryState = Readonly<Record<string, unknown>>;

/** The carry of dreamreel 0.1: the previous residual times `blend`, faded by trust (see warpPreviousDream). */
export function fadingCarry(blend: number): Carry {
  let previous: { source: RgbImage; dreamed: RgbImage } | undefined;
  return {
    start: (source, motion, now = blend) => warpPreviousDream(source, previous!.source, previous!.dreamed, motion, now),
    remember: (source, dreamed) => void (previous = { source, dreamed }),
  };
}
