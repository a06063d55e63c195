import { addScaled, clampImage, rgbImage, type RgbImage } from '../../image/image.js';
import { warpBackward } from '../../flow/warp.js';
import { warpBackwardCubic } from '../../flow/warp-cubic.js';
import { localEnergy } from '../../flow/local-energy.js';
import type { Schedule } from '../../dream/schedule.js';
import type { Carry } from './carry.js';
import type { Motion } from './frames.js';
import { keepChange, type KeptChange } from './keep-change.js';

export interface SteadyCarryOptions {
  /** Share of the first frame's dream energy each carried frame starts with. */
  readonly gain: number;
  readonly sampler: 'bilinear' | 'cubic';
  /** Step size of carried frames relative to the first frame's. */
  readonly stepScale: number;
  /**
   * Most a weak area's carried dream is raised by (1: never): areas that entered the frame or
   * were uncovered since the last fresh frame start with no dream, and catch up within a few frames.
   */
  readonly liftWeak: number;
  /** How much of its steps' change a carried frame keeps, by trust (default: all of it, everywhere). */
  readonly keep?: KeptChange;
  /** Carried frames draw the same jitter every frame (see Carry.steadyJitter). */
  readonly steadyJitter?: boolean;
}

/**
 * The default: half steps, of whose change a carried frame keeps half where the flow is trusted
 * and 1.5x where it is not, with the same jitter every frame. Measured by the carry study
 * (README, "Flicker"): flicker 0.22x -> 0.10x and ghosting 0.21x -> 0.12x of per-frame dreaming,
 * strength 1.03x -> 0.99x, the ground behind a moving object dreamed as strongly as before.
 */
export const STEADY_CARRY: Omit<SteadyCarryOptions, 'gain'> = {
  sampler: 'bilinear',
  stepScale: 0.5,
  liftWeak: 1,
  keep: { trusted: 0.5, untrusted: 1.5 },
  steadyJitter: true,
};

/** Raises the residual where its local energy is under half the target, at most by `limit`. */
function liftWeakAreas(carried: Float32Array, width: number, height: number, target: number, limit: number): void {
  if (limit <= 1) return;
  const energy = localEnergy(carried, width, height, 8);
  for (let p = 0; p < energy.length; p++) {
    const k = Math.min(limit, Math.max(1, (0.5 * target) / Math.max(1e-6, energy[p]!)));
    for (let c = 0; c < 3; c++) carried[p * 3 + c]! *= k;
  }
}

function residualOf(dreamed: RgbImage, source: RgbImage): Float32Array {
  // Loops, not TypedArray.map: this runs on the main thread between every two frames' steps.
  return addScaled(dreamed.data, source.data, -1);
}

/** Scales each pixel's carried dream by its trust, in place; returns the mean trust. */
function holdByTrust(carried: Float32Array, trust: Float32Array): number {
  let sum = 0;
  for (let p = 0; p < trust.length; p++) {
    const t = trust[p]!;
    sum += t;
    carried[p * 3]! *= t;
    carried[p * 3 + 1]! *= t;
    carried[p * 3 + 2]! *= t;
  }
  return sum / trust.length;
}

function meanAbs(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.abs(values[i]!);
  return sum / values.length;
}

const scaled = (s: Schedule, k: number): Schedule => ({ ...s, start: s.start * k, end: s.end * k });

/**
 * Carries the whole dream residual (no fade) and rescales it to the energy of the last frame
 * dreamed afresh, so a clip neither pales after its first frame (the fade of `fadingCarry`)
 * nor keeps brightening as carried steps pile up. Carried frames take smaller steps: the dream
 * is already there at full strength and only needs keeping alive, and every fresh step is
 * change the eye sees as flicker (measured on a panned photograph: half steps take flicker
 * from 0.31x to 0.17x of per-frame dreaming at the same strength).
 */
export function steadyCarry(o: SteadyCarryOptions): Carry {
  let previous: RgbImage | undefined;
  let target = 0;
  const warp = o.sampler === 'cubic' ? warpBackwardCubic : warpBackward;
  return {
    start(source: RgbImage, motion: Motion, gain = o.gain): RgbImage {
      const carried = warp(previous!, motion.backward).data;
      const trusted = holdByTrust(carried, motion.trust);
      liftWeakAreas(carried, source.width, source.height, target, o.liftWeak);
      // The first frame's energy over the trusted share only: where the flow fails the dream is
      // dreamed afresh, and must not be made up for by overdoing the rest.
      const k = (gain * target * trusted) / Math.max(1e-6, meanAbs(carried));
      const start = rgbImage(source.width, source.height, addScaled(source.data, carried, k));
      clampImage(start);
      return start;
    },
    settings: (next) => ({ ...next, stepSize: scaled(next.stepSize, o.stepScale) }),
    ...(o.keep ? { finish: (start: RgbImage, dreamed: RgbImage, motion: Motion) => keepChange(start, dreamed, motion.trust, o.keep!) } : {}),
    steadyJitter: o.steadyJitter ?? false,
    remember(source: RgbImage, dreamed: RgbImage, fresh: boolean): void {
      previous = rgbImage(source.width, source.height, residualOf(dreamed, source));
      if (fresh) target = meanAbs(previous.data);
    },
    // The residual is the frame's own (dreamed - source); only the target comes from an earlier frame.
    snapshot: () => ({ target }),
    restore(state): void {
      if (typeof state.target === 'number' && Number.isFinite(state.target)) target = state.target;
    },
  };
}
