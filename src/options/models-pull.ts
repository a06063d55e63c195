import { z } from 'zod';

/** `dreamreel models pull NAME` options: whether an existing folder of the model's name may be replaced. */
export const modelsPullOptions = z
  .object({
    /** Download again over an existing folder, which is renamed aside (never deleted). */
    force: z.boolean({ message: 'Expected true or false for --force' }).default(false),
  })
  .strict();

export type ModelsPullOptions = z.infer<typeof modelsPullOptions>;
export const MODELS_PULL_DEFAULTS: ModelsPullOptions = modelsPullOptions.parse({});
