import type { Command } from 'commander';
import { parseFlags, redactUrl, workerOptions } from '../../api/options.js';
import { farmRedis } from '../farm-url.js';
import { addFlags, REDIS_CA_FLAGS, WORKER_ROOT_FLAGS } from '../flags.js';

/** Resolves on the first SIGINT/SIGTERM; a second one exits at once (finished frames stay checkpointed). */
function firstSignal(log: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    let count = 0;
    const handler = (): void => {
      if (++count > 1) process.exit(130);
      log('stopping: the chunks in progress keep their finished frames and go back to the queue');
      resolve();
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

export function workerCommand(program: Command): void {
  const cmd = program
    .command('worker')
    .description('render chunks of farm renders queued in Redis, until SIGTERM or Ctrl-C')
    .option('--redis <url>', "the farm's Redis (default: $DREAMREEL_REDIS)");
  addFlags(cmd, workerOptions, REDIS_CA_FLAGS);
  cmd.option('--concurrency <n>', 'chunks at once on this machine', '1');
  addFlags(cmd, workerOptions, WORKER_ROOT_FLAGS)
    .addHelpText(
      'after',
      '\nInput and output paths must be the same on every worker (shared storage).\nExample:\n  dreamreel worker --redis redis://queue:6379 --root /srv/farm',
    )
    .action(async (flags: { redis?: string; redisCa?: string; concurrency: string; root?: string }) => {
      const url = farmRedis(flags.redis, flags.redisCa);
      const { concurrency, root } = parseFlags(workerOptions, flags);
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      // Loaded here, not at start-up: BullMQ and the pipeline are heavy.
      const { startWorker } = await import('../../api/farm.js');
      const worker = await startWorker(url, { concurrency, root }, log);
      const signal = firstSignal(log);
      await Promise.race([worker.ready.then(() => log(`worker ${worker.name} ready for chunks from ${redactUrl(url)}, confined to ${worker.root}`)), signal]);
      await signal;
      await worker.stop();
      log(`worker ${worker.name} stopped`);
    });
}
