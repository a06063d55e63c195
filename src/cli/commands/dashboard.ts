import type { Command } from 'commander';
import { dashboardOptions, parseFlags } from '../../api/options.js';
import { farmRedis } from '../farm-url.js';
import { addFlags, DASHBOARD_FLAGS, REDIS_CA_FLAGS } from '../flags.js';

interface DashboardFlags {
  redis?: string;
  redisCa?: string;
  port?: string;
  host?: string;
  token?: string;
}

/** Resolves on the first SIGINT/SIGTERM. */
const firstSignal = (): Promise<void> =>
  new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

export function dashboardCommand(program: Command): void {
  const cmd = program
    .command('dashboard')
    .description('a web page of the farm: renders, progress per chunk, workers with their latest frame, cancel; Bull Board at /queues')
    .option('--redis <url>', "the farm's Redis (default: $DREAMREEL_REDIS)");
  addFlags(cmd, dashboardOptions, REDIS_CA_FLAGS);
  addFlags(cmd, dashboardOptions, DASHBOARD_FLAGS)
    .addHelpText(
      'after',
      '\nExamples:\n  dreamreel dashboard --redis redis://queue:6379\n  DREAMREEL_DASHBOARD_TOKEN=$(openssl rand -hex 24) dreamreel dashboard --host 0.0.0.0 --port 8080',
    )
    .action(async (flags: DashboardFlags) => {
      const url = farmRedis(flags.redis, flags.redisCa);
      const options = parseFlags(dashboardOptions, { ...flags, token: flags.token ?? process.env.DREAMREEL_DASHBOARD_TOKEN });
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      // Loaded here, not at start-up: Fastify, Bull Board and BullMQ are heavy.
      const { openDashboard } = await import('../../api/dashboard.js');
      const dashboard = await openDashboard(url, options, log);
      await firstSignal();
      await dashboard.close();
    });
}
