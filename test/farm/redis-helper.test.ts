import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { TestRedis } from '../helpers/redis.js';

describe('test redis-server', () => {
  it('starts on a free port, keeps data across a restart, and stops', async () => {
    const redis = await TestRedis.start();
    try {
      expect(redis.port).toBeGreaterThan(0);
      const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
      await client.set('k', 'v');
      client.disconnect();
      await redis.restart();
      const again = new Redis(redis.url, { maxRetriesPerRequest: 0 });
      expect(await again.get('k')).toBe('v');
      again.disconnect();
    } finally {
      await redis.stop();
    }
  });
});
