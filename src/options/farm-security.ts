import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The farm's security options: the worker's root, Redis over TLS, the dashboard's address and
 * token. Messages name the option and the value received, in the shape of every other option's.
 */
const expected = (what: string, flag: string) => (value: unknown) => `Expected ${what} for ${flag} but received ${JSON.stringify(value)}`;

const isFolder = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();
const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** `dreamreel worker --root DIR`: every path of a job must lead inside it (default: the current folder). */
export const workerRootSchema = z.object({
  root: z.string().refine(isFolder, (v) => ({ message: expected('an existing folder', '--root')(v) })),
}).strict();
export type WorkerRootOptions = z.infer<typeof workerRootSchema>;
export const workerRootDefaults = (): WorkerRootOptions => ({ root: process.cwd() });

/** `--redis-ca FILE` (or DREAMREEL_REDIS_CA): the PEM certificate authority a rediss:// server is checked against. */
export const redisTlsSchema = z.object({
  redisCa: z.string().refine(isFile, (v) => ({ message: expected('a PEM certificate file', '--redis-ca')(v) })).optional(),
}).strict();
export type RedisTlsOptions = z.infer<typeof redisTlsSchema>;

/** Loopback addresses: a dashboard there needs no token (only this machine's users reach it). */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

const MIN_TOKEN = 16;

/** `dreamreel dashboard`: where it listens, and the token any other host than loopback requires. */
export const dashboardSchema = z.object({
  port: z.number().int().min(0).max(65535),
  host: z.string().min(1),
  token: z.string().min(MIN_TOKEN, `Expected a token of at least ${MIN_TOKEN} characters for --token (or DREAMREEL_DASHBOARD_TOKEN)`).optional(),
}).strict();
export type DashboardOptions = z.infer<typeof dashboardSchema>;
export const dashboardDefaults = { port: 8080, host: '127.0.0.1' } as const;

/** Parses the dashboard's flags; returns the options or throws the first message, naming the flag. */
export function parseDashboardOptions(raw: { port?: string; host?: string; token?: string }): DashboardOptions {
  const port = raw.port ?? String(dashboardDefaults.port);
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new Error(expected('an integer between 0 and 65535', '--port')(port));
  const parsed = dashboardSchema.safeParse({ port: Number(port), host: raw.host ?? dashboardDefaults.host, ...(raw.token !== undefined ? { token: raw.token } : {}) });
  if (!parsed.success) throw new Error(parsed.error.issues[0]!.message);
  const o = parsed.data;
  if (!isLoopback(o.host) && !o.token) throw new Error(`a dashboard on ${o.host} (not loopback) needs --token (or DREAMREEL_DASHBOARD_TOKEN): anyone who reaches it could cancel renders`);
  return o;
}
