import type { Command } from 'commander';
import { DreamreelError } from '../errors.js';
import { existingFile, redisUrl } from './validate.js';

/** The render farm's Redis: --redis, else DREAMREEL_REDIS (its own module: the CLI names the flags without loading BullMQ). */
export function farmRedis(raw: string | undefined, redisCa?: string): string {
  // Read by the farm's connection options (and inherited by chunk processes): one place for the CA of every client.
  if (redisCa !== undefined) process.env.DREAMREEL_REDIS_CA = existingFile('--redis-ca', redisCa);
  const url = raw ?? process.env.DREAMREEL_REDIS;
  if (!url) throw new DreamreelError('the render farm needs --redis URL (or DREAMREEL_REDIS)');
  return redisUrl('--redis', url);
}

export interface FarmFlags {
  redis?: string;
  redisCa?: string;
  chunkFrames?: string;
  preroll?: string;
  detach?: boolean;
  attach?: string;
}

// From `npm run bench:farm` (README): a chunk's fixed cost (process, model, session, its first frame
// dreamed in full) is about 14 next-frames and a 12-frame preroll 12 more, so 240-frame chunks spend
// about a tenth on overhead while a 3-minute clip still fills 18 machines. With 12 preroll frames the
// frames inside chunks match a one-machine render (flicker 1.08x, strength 1.00x; README's preroll table).
export const DEFAULT_CHUNK_FRAMES = 240;
export const DEFAULT_PREROLL = 12;

export function addFarmOptions(cmd: Command): Command {
  return cmd
    .option('--redis <url>', 'render on a farm: queue chunks in this Redis for `dreamreel worker`s (default: $DREAMREEL_REDIS)')
    .option('--redis-ca <file>', 'farm: PEM certificate authority of a rediss:// (TLS) Redis (default: $DREAMREEL_REDIS_CA)')
    .option('--chunk-frames <n>', 'farm: frames per chunk, where no scene cut is near', String(DEFAULT_CHUNK_FRAMES))
    .option('--preroll <n>', 'farm: frames dreamed (not written) before a chunk that does not start at a cut', String(DEFAULT_PREROLL))
    .option('--detach', 'farm: queue the render, print its id and return')
    .option('--attach <id>', 'farm: follow a queued render again');
}

/** The farm's URL when the render goes to one: --redis, --attach or DREAMREEL_REDIS. */
export function farmUrl(flags: FarmFlags): string | undefined {
  if (flags.redis === undefined && flags.attach === undefined && !process.env.DREAMREEL_REDIS) return undefined;
  return farmRedis(flags.redis, flags.redisCa);
}
