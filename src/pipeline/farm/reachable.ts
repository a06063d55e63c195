import { Redis } from 'ioredis';
import { DreamreelError } from '../../errors.js';
import { connectionOptions } from './payload.js';
import { describeRedisFailure } from './redis-url.js';

/**
 * Fails with one clear line when Redis does not answer within `ms` (instead of waiting forever),
 * refuses the password, or fails the TLS handshake: which of them, the URL's password redacted.
 */
export async function ensureReachable(url: string, ms = 10_000): Promise<void> {
  const client = new Redis({ ...connectionOptions(url), maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: ms, retryStrategy: () => null });
  let first: (Error & { code?: string }) | undefined;
  client.on('error', (e: Error) => void (first ??= e));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    // The first error is the cause (a refused handshake); later ones only say the connection closed.
    throw new DreamreelError(describeRedisFailure(url, first ?? (e as Error & { code?: string })));
  } finally {
    client.disconnect();
  }
}
