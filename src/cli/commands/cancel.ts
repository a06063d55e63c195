import type { Command } from 'commander';
import { farmRedis } from '../farm-url.js';

export function cancelCommand(program: Command): void {
  program
    .command('cancel')
    .description('cancel a farm render: queued chunks are dropped, running ones stop within seconds')
    .argument('<id>', 'the render id, as render --detach printed it')
    .option('--redis <url>', "the farm's Redis (default: $DREAMREEL_REDIS)")
    .option('--redis-ca <file>', 'PEM certificate authority of a rediss:// Redis (default: $DREAMREEL_REDIS_CA)')
    .action(async (id: string, flags: { redis?: string; redisCa?: string }) => {
      const url = farmRedis(flags.redis, flags.redisCa);
      // Loaded here, not at start-up: BullMQ is heavy.
      const { cancelFarmRender } = await import('../../api/farm.js');
      const removed = await cancelFarmRender(url, id);
      process.stdout.write(
        `cancelled ${id}: ${removed} queued chunk(s) dropped; workers stop the running ones within seconds (finished frames stay in the checkpoint folder)\n`,
      );
    });
}
