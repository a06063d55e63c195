import type { Command } from 'commander';
import { DreamreelError } from '../../errors.js';
import { farmRedis } from '../farm-options.js';

interface DashboardFlags {
  redis?: string;
  redisCa?: string;
  port?: string;
  host?: string;
  token?: string;
}

/** Resolves on the first SIGINT/SIGTERM. */
const firstSignal = (): Promise<void> => new Promise((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

export function dashboardCommand(program: Command): void {
  program
    .command('dashboard')
    .description('a web page of the farm: renders, progress per chunk, workers with their latest frame, cancel; Bull Board at /queues')
    .option('--redis <url>', 'the farm\'s Redis (default: $DREAMREEL_REDIS)')
    .option('--redis-ca <file>', 'PEM certificate authority of a rediss:// Redis (default: $DREAMREEL_REDIS_CA)')
    .option('--port <n>', 'port to listen on (0: any free one)', '8080')
    .option('--host <address>', 'address to listen on; any but loopback needs --token', '127.0.0.1')
    .option('--token <secret>', 'required on any host but loopback; the page asks for it once (default: $DREAMREEL_DASHBOARD_TOKEN)')
    .addHelpText('after', '\nExamples:\n  dreamreel dashboard --redis redis://queue:6379\n  DREAMREEL_DASHBOARD_TOKEN=$(openssl rand -hex 24) dreamreel dashboard --host 0.0.0.0 --port 8080')
    .action(async (flags: DashboardFlags) => {
      const url = farmRedis(flags.redis, flags.redisCa);
      // Loaded here, not at start-up: Fastify, Bull Board, BullMQ and zod are heavy.
      const [{ parseDashboardOptions, isLoopback }, { ensureReachable }, { startDashboard }] = await Promise.all([
        import('../../options/farm-security.js'), import('../../pipeline/farm/reachable.js'), import('../../dashboard/server.js'),
      ]);
      let options;
      try {
        options = parseDashboardOptions({ ...flags, token: flags.token ?? process.env.DREAMREEL_DASHBOARD_TOKEN });
      } catch (e) {
        throw new DreamreelError((e as Error).message);
      }
      await ensureReachable(url);
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      const dashboard = await startDashboard({ url, ...options, loopback: isLoopback(options.host) }, log).catch((e: NodeJS.ErrnoException) => {
        throw new DreamreelError(e.code === 'EADDRINUSE' ? `port ${options.port} on ${options.host} is in use: pick another with --port` : `the dashboard could not start: ${e.message}`);
      });
      await firstSignal();
      await dashboard.close();
    });
}
