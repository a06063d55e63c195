import { z } from 'zod';
import { integer } from './fields.js';
import type { OptionGroup } from './parse.js';

/**
 * How a farm render joins its chunks (README, "Render farm": the seam table). `--seam-frames N`:
 * each chunk that starts at no scene cut opens with N frames cross-faded from the previous
 * chunk's dream, which that chunk dreams N frames past its end; 0 joins chunks hard, as before.
 * 12 from `npm run bench:farm`: with the calmer default carry (keep 0.5x where trusted) the inside of
 * chunks changes less, and 8 frames left seams at 1.23-1.31x that change, 12 at 1.19-1.24x, 16 at 1.17-1.22x.
 */
export const DEFAULT_SEAM_FRAMES = 12;

export const seamOptionsSchema = z.object({
  seamFrames: integer(0, 1000).default(DEFAULT_SEAM_FRAMES),
});

export type SeamOptions = z.output<typeof seamOptionsSchema>;
export const SEAM_DEFAULTS: SeamOptions = { seamFrames: DEFAULT_SEAM_FRAMES };
/** Joined to the farm's options in index.ts (`farmOptions`). */
export const seamGroup: OptionGroup<typeof seamOptionsSchema.shape> = { schema: seamOptionsSchema };
