import { z } from 'zod';
import { DreamreelError } from '../errors.js';

/**
 * How a farm render joins its chunks (README, "Render farm": the seam table). `--seam-frames N`:
 * each chunk that starts at no scene cut opens with N frames cross-faded from the previous
 * chunk's dream, which that chunk dreams N frames past its end; 0 joins chunks hard, as before.
 * 8 from `npm run bench:seam-study`: 4 frames left seams at 1.3-1.5x the change inside chunks, 8 at 1.05-1.2x.
 */
export const DEFAULT_SEAM_FRAMES = 8;

const integerFlag = (flag: string, low: number, high: number) =>
  z.union([z.string(), z.number()]).transform((raw, ctx) => {
    const v = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
    if (Number.isInteger(v) && v >= low && v <= high) return v;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Expected an integer between ${low} and ${high} for ${flag} but received ${JSON.stringify(raw)}` });
    return z.NEVER;
  });

export const seamOptionsSchema = z.object({
  seamFrames: integerFlag('--seam-frames', 0, 1000).default(DEFAULT_SEAM_FRAMES),
});

export type SeamOptions = z.infer<typeof seamOptionsSchema>;
export const SEAM_DEFAULTS: SeamOptions = { seamFrames: DEFAULT_SEAM_FRAMES };

/** Parses the seam flags; the first problem as the one line the CLI prints. */
export function seamOptions(raw: { seamFrames?: string | number }): SeamOptions {
  const parsed = seamOptionsSchema.safeParse(raw);
  if (!parsed.success) throw new DreamreelError(parsed.error.issues[0]!.message);
  return parsed.data;
}
