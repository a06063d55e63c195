import { fadingCarry, type Carry } from './carry.js';
import { steadyCarry } from './steady-carry.js';

import type { CarryName } from './carry-names.js';

export { CARRIES, type CarryName } from './carry-names.js';

/** A fresh carry for one render; `blend` is its share of the dream carried onto the next frame. */
export function carryFor(name: CarryName = 'steady', blend: number): Carry {
  return name === 'fade' ? fadingCarry(blend) : steadyCarry({ gain: blend, sampler: 'bilinear', stepScale: 0.5, liftWeak: 1 });
}
