import type { Command } from 'commander';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { farmRedis } from '../farm-options.js';
import { integerIn, oneOf } from '../validate.js';
import { redactUrl } from '../../pipeline/farm/redis-url.js';
import { dreamSettings } from '../dream-options.js';
import { frameSettings, layerScheduleKeys } from '../frame-options.js';
import { DreamreelError } from '../../errors.js';

/** The worker's root as a real path: --root, else the current folder (zod loads only here). */
async function workerRoot(raw: string | undefined): Promise<string> {
  const [{ workerRootSchema, workerRootDefaults }, { realRoot }] = await Promise.all([import('../../options/farm-security.js'), import('../../pipeline/farm/confine.js')]);
  const parsed = workerRootSchema.safeParse(raw === undefined ? workerRootDefaults() : { root: raw });
  if (!parsed.success) throw new DreamreelError(parsed.error.issues[0]!.message);
  return realRoot(parsed.data.root);
}

/** A job's flags checked as `dreamreel render` would check them: known names only, values in range. */
function renderFlagCheck(program: Command): (flags: Record<string, string | boolean>) => void {
  const render = program.commands.find((c) => c.name() === 'render');
  const known = new Set(render?.options.map((o) => o.attributeName()) ?? []);
  return (flags) => {
    const unknown = Object.keys(flags).filter((k) => !known.has(k));
    if (unknown.length) throw new DreamreelError(`unknown flag(s) ${unknown.join(', ')}`);
    frameSettings(flags, dreamSettings(flags));
    // Schedules are parsed here too (their names are checked against the model in the chunk process).
    if (typeof flags.layerSchedule === 'string') layerScheduleKeys(flags.layerSchedule);
    if (typeof flags.scheduleMode === 'string') oneOf('--schedule-mode', flags.scheduleMode, ['switch', 'blend']);
  };
}

/** The chunk process's entry beside this build: farm-chunk.js, or farm-chunk.ts when run from source. */
const chunkEntry = (): string => fileURLToPath(new URL(`../farm-chunk${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

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
    .option('--redis-ca <file>', 'PEM certificate authority of a rediss:// Redis (default: $DREAMREEL_REDIS_CA)')
    .option('--concurrency <n>', 'chunks at once on this machine', '1')
    .option('--root <dir>', 'every input, output, model, guide and mask path of a job must lead inside this folder (default: the current folder)')
    .addHelpText('after', '\nInput and output paths must be the same on every worker (shared storage).\nExample:\n  dreamreel worker --redis redis://queue:6379')
    .action(async (flags: { redis?: string; redisCa?: string; concurrency: string; root?: string }, command: Command) => {
      const url = farmRedis(flags.redis, flags.redisCa);
      const concurrency = integerIn('--concurrency', flags.concurrency, 1, 64);
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      // Loaded here, not at start-up: BullMQ and the pipeline are heavy.
      const [{ startFarmWorker }, { ensureReachable }] = await Promise.all([import('../../pipeline/farm/worker.js'), import('../../pipeline/farm/reachable.js')]);
      await ensureReachable(url);
      const root = await workerRoot(flags.root);
      const worker = startFarmWorker({ url, concurrency, chunkEntry: chunkEntry(), log, root, checkFlags: renderFlagCheck(command.parent!) });
      const signal = firstSignal(log);
      await Promise.race([worker.ready.then(() => log(`worker ${worker.name} ready for chunks from ${redactUrl(url)}, confined to ${root}`)), signal]);
      await signal;
      await worker.stop();
      log(`worker ${worker.name} stopped`);
    });
}
