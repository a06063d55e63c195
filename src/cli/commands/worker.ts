import type { Command } from 'commander';
import { parseFlags, workerOptions } from '../../api/options.js';
import { farmRedis } from '../farm-url.js';

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
  program
    .command('worker')
    .description('render chunks of farm renders queued in Redis, until SIGTERM or Ctrl-C')
    .option('--redis <url>', 'the farm\'s Redis (default: $DREAMREEL_REDIS)')
    .option('--concurrency <n>', 'chunks at once on this machine', '1')
    .addHelpText('after', '\nInput and output paths must be the same on every worker (shared storage).\nExample:\n  dreamreel worker --redis redis://queue:6379')
    .action(async (flags: { redis?: string; concurrency: string }) => {
      const url = farmRedis(flags.redis);
      const { concurrency } = parseFlags(workerOptions, { concurrency: flags.concurrency });
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      // Loaded here, not at start-up: BullMQ and the pipeline are heavy.
      const { startWorker } = await import('../../api/farm.js');
      const worker = await startWorker(url, concurrency, log);
      const signal = firstSignal(log);
      await Promise.race([worker.ready.then(() => log(`worker ${worker.name} ready for chunks from ${url.replace(/\/\/[^@]*@/, '//')}`)), signal]);
      await signal;
      await worker.stop();
      log(`worker ${worker.name} stopped`);
    });
}
