import { fadingCarry, type Carry } from './carry.js';
import { STEADY_CARRY, steadyCarry } from './steady-carry.js';

import type { CarryName } from './carry-names.js';

export { CARRIES, type CarryName } from './carry-names.js';

/** A fresh carry for one render; `blend` is its share of the dream carried onto the next frame. */
export function carryFor(name: CarryName = 'steady', blend: number): Carry {
  return name === 'fade' ? fadingCarry(blend) : steadyCarry({ ...STEADY_CARRY, gain: blend });
}
