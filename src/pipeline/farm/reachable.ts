import { Redis } from 'ioredis';
import { DreamreelError } from '../../errors.js';
import { connectionOptions } from './payload.js';

/** Fails with one clear line when Redis does not answer within `ms`, instead of waiting forever. */
export async function ensureReachable(url: string, ms = 10_000): Promise<void> {
  const client = new Redis({ ...connectionOptions(url), maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: ms, retryStrategy: () => null });
  let last = '';
  client.on('error', (e: Error) => void (last = e.message));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new DreamreelError(`cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//')}: ${last || (e as Error).message}`);
  } finally {
    client.disconnect();
  }
}
