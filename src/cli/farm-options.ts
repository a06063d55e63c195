import type { Command } from 'commander';
import { DreamreelError } from '../errors.js';
import { redisUrl } from './validate.js';
import { DEFAULT_SEAM_FRAMES } from '../options/seams.js';

/** The render farm's Redis: --redis, else DREAMREEL_REDIS (its own module: the CLI names the flags without loading BullMQ). */
export function farmRedis(raw: string | undefined): string {
  const url = raw ?? process.env.DREAMREEL_REDIS;
  if (!url) throw new DreamreelError('the render farm needs --redis URL (or DREAMREEL_REDIS)');
  return redisUrl('--redis', url);
}

export interface FarmFlags {
  redis?: string;
  chunkFrames?: string;
  preroll?: string;
  seamFrames?: string;
  detach?: boolean;
  attach?: string;
}

// From `npm run bench:farm` (README): a chunk's fixed cost (process, model, session, its first frame
// dreamed in full) is about 14 next-frames and a 12-frame preroll 12 more, so 240-frame chunks spend
// about a tenth on overhead while a 3-minute clip still fills 18 machines. With 12 preroll frames the
// frames inside chunks match a one-machine render (flicker 1.08x, strength 1.00x; measured before the seams' cross-fade).
export const DEFAULT_CHUNK_FRAMES = 240;
export const DEFAULT_PREROLL = 12;

export function addFarmOptions(cmd: Command): Command {
  return cmd
    .option('--redis <url>', 'render on a farm: queue chunks in this Redis for `dreamreel worker`s (default: $DREAMREEL_REDIS)')
    .option('--chunk-frames <n>', 'farm: frames per chunk, where no scene cut is near', String(DEFAULT_CHUNK_FRAMES))
    .option('--preroll <n>', 'farm: frames dreamed (not written) before a chunk that does not start at a cut', String(DEFAULT_PREROLL))
    .option('--seam-frames <n>', 'farm: frames cross-faded from one chunk\'s dream into the next where they meet (0: a hard join)', String(DEFAULT_SEAM_FRAMES))
    .option('--detach', 'farm: queue the render, print its id and return')
    .option('--attach <id>', 'farm: follow a queued render again');
}

/** The farm's URL when the render goes to one: --redis, --attach or DREAMREEL_REDIS. */
export function farmUrl(flags: FarmFlags): string | undefined {
  if (flags.redis === undefined && flags.attach === undefined && !process.env.DREAMREEL_REDIS) return undefined;
  return farmRedis(flags.redis);
}
