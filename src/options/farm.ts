import { z } from 'zod';
import { flag, integer, text } from './fields.js';
import type { OptionGroup } from './parse.js';

const REDIS = 'a Redis URL such as redis://queue:6379';

/** redis://host[:port][/db], or rediss:// for TLS. */
export function isRedisUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return ['redis:', 'rediss:'].includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

export const redisField = () => z.string({ errorMap: () => ({ message: REDIS }) }).refine(isRedisUrl, REDIS);

// From `npm run bench:farm` (README): a chunk's fixed cost (process, model, session, its first frame
// dreamed in full) is about 14 next-frames and a 12-frame preroll 12 more, so 240-frame chunks spend
// about a tenth on overhead while a 3-minute clip still fills 18 machines. With 12 preroll frames the
// frames inside chunks match a one-machine render (flicker 1.08x, strength 1.00x; README's preroll table).
export const DEFAULT_CHUNK_FRAMES = 240;
export const DEFAULT_PREROLL = 12;

/** How a render goes to the farm (the render's own options travel in the job, see pipeline/farm/payload.ts). */
export const farmSchema = z.object({
  /** The farm's Redis (default: $DREAMREEL_REDIS). */
  redis: redisField().optional(),
  chunkFrames: integer(1, 1_000_000).default(DEFAULT_CHUNK_FRAMES),
  preroll: integer(0, 10_000).default(DEFAULT_PREROLL),
  detach: flag().default(false),
  attach: text().optional(),
});
export const farmGroup: OptionGroup<typeof farmSchema.shape> = { schema: farmSchema };

/** `dreamreel worker`. */
export const workerSchema = z.object({ redis: redisField().optional(), concurrency: integer(1, 64).default(1) });
export const workerGroup: OptionGroup<typeof workerSchema.shape> = { schema: workerSchema };
