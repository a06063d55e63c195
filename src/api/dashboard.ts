import { DreamreelError } from '../errors.js';
import type { DashboardOptionsOut } from '../options/index.js';
import { isLoopback } from '../options/farm-security.js';
import { cancelRender } from '../pipeline/farm/cancel.js';
import { ensureReachable } from '../pipeline/farm/reachable.js';
import { redactUrl } from '../pipeline/farm/redis-url.js';
import type { Dashboard } from '../dashboard/server.js';

/**
 * `dreamreel dashboard`: the farm's web page on `host:port` (parsed options: a token is required
 * off loopback). Fastify and Bull Board load only here, when the dashboard starts.
 */
export async function openDashboard(url: string, o: DashboardOptionsOut, log: (line: string) => void): Promise<Dashboard> {
  await ensureReachable(url);
  const { startDashboard } = await import('../dashboard/server.js');
  const options = {
    url,
    shownUrl: redactUrl(url),
    cancel: cancelRender,
    host: o.host,
    port: o.port,
    ...(o.token ? { token: o.token } : {}),
    loopback: isLoopback(o.host),
  };
  return startDashboard(options, log).catch((e: NodeJS.ErrnoException) => {
    throw new DreamreelError(
      e.code === 'EADDRINUSE' ? `port ${o.port} on ${o.host} is in use: pick another with --port` : `the dashboard could not start: ${e.message}`,
    );
  });
}

export type { Dashboard } from '../dashboard/server.js';
