import { fadingCarry, type Carry } from './carry.js';
import { steadyCarry } from './steady-carry.js';

export const CARRIES = ['steady', 'fade'] as const;
export type CarryName = (typeof CARRIES)[number];

/** A fresh carry for one render; `blend` is its share of the dream carried onto the next frame. */
export function carryFor(name: CarryName = 'steady', blend: number): Carry {
  return name === 'fade' ? fadingCarry(blend) : steadyCarry({ gain: blend, sampler: 'bilinear', stepScale: 0.5, liftWeak: 1 });
}
