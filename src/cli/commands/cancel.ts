import type { Command } from 'commander';
import { cancelRender } from '../../pipeline/farm/cancel.js';
import { openFarm } from '../../pipeline/farm/queue-view.js';
import { ensureReachable } from '../../pipeline/farm/reachable.js';
import { farmRedis } from './worker.js';

export function cancelCommand(program: Command): void {
  program
    .command('cancel')
    .description('cancel a farm render: queued chunks are dropped, running ones stop within seconds')
    .argument('<id>', 'the render id, as render --detach printed it')
    .option('--redis <url>', 'the farm\'s Redis (default: $DREAMREEL_REDIS)')
    .action(async (id: string, flags: { redis?: string }) => {
      const url = farmRedis(flags.redis);
      await ensureReachable(url);
      const farm = openFarm(url);
      try {
        const removed = await cancelRender(farm, id);
        process.stdout.write(`cancelled ${id}: ${removed} queued chunk(s) dropped; workers stop the running ones within seconds (finished frames stay in the checkpoint folder)\n`);
      } finally {
        await farm.close();
      }
    });
}
