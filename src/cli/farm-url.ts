import { DreamreelError } from '../errors.js';
import { invalid, isRedisUrl } from '../api/options.js';

/** The render farm's Redis: --redis, else DREAMREEL_REDIS (checked without loading BullMQ). */
export function farmRedis(raw: string | undefined): string {
  const url = raw ?? process.env.DREAMREEL_REDIS;
  if (!url) throw new DreamreelError('the render farm needs --redis URL (or DREAMREEL_REDIS)');
  if (!isRedisUrl(url)) throw invalid('--redis', 'a Redis URL such as redis://queue:6379', url);
  return url;
}

/** The farm's URL when the render goes to one: --redis, --attach or DREAMREEL_REDIS. */
export function farmUrl(flags: { redis?: string; attach?: string }): string | undefined {
  if (flags.redis === undefined && flags.attach === undefined && !process.env.DREAMREEL_REDIS) return undefined;
  return farmRedis(flags.redis);
}
