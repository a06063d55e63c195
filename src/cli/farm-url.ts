import { DreamreelError } from '../errors.js';
import { farmClientOptions, invalid, isRedisUrl, parseFlags, redactUrl } from '../api/options.js';

/** The render farm's Redis: --redis, else DREAMREEL_REDIS (checked without loading BullMQ); its password never printed. */
export function farmRedis(raw: string | undefined, redisCa?: string): string {
  // Read by the farm's connection options (and inherited by chunk processes): one place for the CA of every client.
  if (redisCa !== undefined) process.env.DREAMREEL_REDIS_CA = parseFlags(farmClientOptions, { redisCa }).redisCa;
  const url = raw ?? process.env.DREAMREEL_REDIS;
  if (!url) throw new DreamreelError('the render farm needs --redis URL (or DREAMREEL_REDIS)');
  if (!isRedisUrl(url)) throw invalid('--redis', 'a Redis URL such as redis://queue:6379', redactUrl(url));
  return url;
}

/** The farm's URL when the render goes to one: --redis, --attach or DREAMREEL_REDIS. */
export function farmUrl(flags: { redis?: string; redisCa?: string; attach?: string }): string | undefined {
  if (flags.redis === undefined && flags.attach === undefined && !process.env.DREAMREEL_REDIS) return undefined;
  return farmRedis(flags.redis, flags.redisCa);
}
