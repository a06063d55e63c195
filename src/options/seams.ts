import { z } from 'zod';
import { integer } from './fields.js';
import type { OptionGroup } from './parse.js';

/**
 * How a farm render joins its chunks (README, "Render farm": the seam table). `--seam-frames N`:
 * each chunk that starts at no scene cut opens with N frames cross-faded from the previous
 * chunk's dream, which that chunk dreams N frames past its end; 0 joins chunks hard, as before.
 * 8 from `npm run bench:seam-study`: 4 frames left seams at 1.3-1.5x the change inside chunks, 8 at 1.05-1.2x.
 */
export const DEFAULT_SEAM_FRAMES = 8;

export const seamOptionsSchema = z.object({
  seamFrames: integer(0, 1000).default(DEFAULT_SEAM_FRAMES),
});

export type SeamOptions = z.output<typeof seamOptionsSchema>;
export const SEAM_DEFAULTS: SeamOptions = { seamFrames: DEFAULT_SEAM_FRAMES };
/** Joined to the farm's options in index.ts (`farmOptions`). */
export const seamGroup: OptionGroup<typeof seamOptionsSchema.shape> = { schema: seamOptionsSchema };
