import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { openFarm, type Farm } from '../pipeline/farm/queue-view.js';
import { loopbackHost, Sessions, SESSION_COOKIE, TOKEN_HEADER, tokenMatches } from './auth.js';
import { mountBullBoard } from './bull-board.js';
import { LiveFarm } from './live.js';

/**
 * What the dashboard is given (by src/api): it imports only the farm's queue view, so cancelling
 * and showing the URL come from its caller.
 */
export interface DashboardOptions {
  readonly url: string;
  /** The URL as it may be shown (password redacted). */
  readonly shownUrl: string;
  /** Cancels a render; resolves with the queued chunks dropped. */
  readonly cancel: (farm: Farm, renderId: string) => Promise<number>;
  readonly host: string;
  readonly port: number;
  /** Required on any host but loopback (the CLI refuses to start without it). */
  readonly token?: string;
  /** True when bound to a loopback address: requests must then name a loopback host. */
  readonly loopback: boolean;
  readonly pollMs?: number;
}

export interface Dashboard {
  /** Where it listens, e.g. http://127.0.0.1:8080 */
  readonly address: string;
  close(): Promise<void>;
}

/** The page, its script and its style: static files, no build step. */
const PAGES: Record<string, { type: string; file: string }> = {
  '/': { type: 'text/html; charset=utf-8', file: 'index.html' },
  '/app.js': { type: 'text/javascript; charset=utf-8', file: 'app.js' },
  '/style.css': { type: 'text/css; charset=utf-8', file: 'style.css' },
};
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

function servePages(app: FastifyInstance): void {
  for (const [path, page] of Object.entries(PAGES)) {
    const body = readFileSync(new URL(`./public/${page.file}`, import.meta.url));
    app.get(path, (_req, reply) => reply.headers(PAGE_HEADERS).type(page.type).send(body));
  }
}

/** Loopback only answers loopback names; a token, when set, guards everything but the page's static files. */
function guard(o: DashboardOptions, sessions: Sessions) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (o.loopback && !loopbackHost(req.headers.host))
      return void reply.code(403).send({ error: 'this dashboard answers only requests to a loopback address' });
    const path = req.url.split('?')[0]!;
    // A cross-site form can POST text/plain without asking; application/json needs the browser's preflight, which is never granted.
    if (req.method === 'POST' && !String(req.headers['content-type'] ?? '').startsWith('application/json'))
      return void reply.code(415).send({ error: 'send application/json' });
    if (!o.token || PAGES[path]) return;
    if ((path === '/queues' || path.startsWith('/queues/')) && sessions.valid(req.headers.cookie)) return;
    const given = req.headers[TOKEN_HEADER];
    if (tokenMatches(Array.isArray(given) ? given[0] : given, o.token)) return;
    return void reply.code(401).send({ error: `this dashboard needs its token in the ${TOKEN_HEADER} header` });
  };
}

function apiRoutes(app: FastifyInstance, farm: Farm, live: LiveFarm, sessions: Sessions, cancel: DashboardOptions['cancel']): void {
  app.get('/api/state', async () => live.current() ?? { renders: [], workers: [], redis: 'ok', at: Date.now() });
  app.get('/api/events', (req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    reply.raw.write(': dreamreel\n\n');
    const beat = setInterval(() => reply.raw.write(': beat\n\n'), 15_000);
    req.raw.on('close', () => clearInterval(beat));
    live.attach(reply.raw);
  });
  app.post<{ Params: { id: string } }>('/api/renders/:id/cancel', async (req, reply) => {
    const { id } = req.params;
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(id)) return reply.code(400).send({ error: 'not a render id' });
    try {
      const removed = await cancel(farm, id);
      return { cancelled: id, removed };
    } catch (e) {
      return reply.code(404).send({ error: (e as Error).message });
    }
  });
  // Bull Board's own page cannot send our header: once the page has proved the token, a session cookie (not the token) opens /queues.
  app.post('/api/session', async (_req, reply) => {
    reply.header('set-cookie', `${SESSION_COOKIE}=${sessions.open()}; HttpOnly; SameSite=Strict; Path=/queues`);
    return { ok: true };
  });
}

/** Starts the dashboard: the page, its live feed, cancels, and Bull Board at /queues. */
export async function startDashboard(o: DashboardOptions, log: (line: string) => void): Promise<Dashboard> {
  const farm = openFarm(o.url);
  const live = new LiveFarm(farm, o.pollMs);
  const sessions = new Sessions();
  // No logger: request lines would be the first place a token or a URL leaks.
  const app = Fastify({ logger: false, bodyLimit: 4096 });
  app.addHook('onRequest', guard(o, sessions));
  servePages(app);
  apiRoutes(app, farm, live, sessions, o.cancel);
  await mountBullBoard(app, farm, '/queues');
  await app.listen({ host: o.host, port: o.port });
  live.start();
  const { port } = app.server.address() as AddressInfo;
  const address = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  log(`dashboard on ${address} for the farm at ${o.shownUrl}${o.token ? ' (token required)' : ''}; raw queues at ${address}/queues`);
  return {
    address,
    close: async () => {
      live.stop();
      await app.close();
      await farm.close();
    },
  };
}
