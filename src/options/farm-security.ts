import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { integer, text } from './fields.js';
import { optionSet, parseFlags, type OptionGroup } from './parse.js';

/**
 * The farm's security options: the worker's root, Redis over TLS, the dashboard's address and
 * token. Messages name the option and the value received, in the shape of every other option's
 * (the token excepted: a secret is never printed back).
 */
const isFolder = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();
const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

const FOLDER = 'an existing folder';
/** `dreamreel worker --root DIR`: every path of a job must lead inside it (left out: the current folder). */
export const workerRootSchema = z.object({ root: text(FOLDER).refine(isFolder, FOLDER).optional() });
export type WorkerRootOptions = z.output<typeof workerRootSchema>;
export const workerRootGroup: OptionGroup<typeof workerRootSchema.shape> = { schema: workerRootSchema };

const PEM = 'a PEM certificate file';
/** `--redis-ca FILE` (or DREAMREEL_REDIS_CA): the PEM certificate authority a rediss:// server is checked against. */
export const redisTlsSchema = z.object({ redisCa: text(PEM).refine(isFile, PEM).optional() });
export type RedisTlsOptions = z.output<typeof redisTlsSchema>;
export const redisTlsGroup: OptionGroup<typeof redisTlsSchema.shape> = { schema: redisTlsSchema };

/** Loopback addresses: a dashboard there needs no token (only this machine's users reach it). */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

const MIN_TOKEN = 16;
// A whole sentence, not "… but received <value>": the value is a secret.
const SHORT_TOKEN = `Expected a token of at least ${MIN_TOKEN} characters for {token} (or DREAMREEL_DASHBOARD_TOKEN)`;

export const DEFAULT_DASHBOARD_PORT = 8080;
export const DEFAULT_DASHBOARD_HOST = '127.0.0.1';

/** `dreamreel dashboard`: where it listens, and the token any other host than loopback requires. */
export const dashboardSchema = z.object({
  port: integer(0, 65535).default(DEFAULT_DASHBOARD_PORT),
  host: text('a host name or address').default(DEFAULT_DASHBOARD_HOST),
  token: z
    .string()
    .refine((t) => t.length >= MIN_TOKEN, { message: SHORT_TOKEN, params: { sentence: true } })
    .optional(),
});
export type DashboardOptions = z.output<typeof dashboardSchema>;
export const dashboardGroup: OptionGroup<typeof dashboardSchema.shape> = {
  schema: dashboardSchema,
  rules: [
    (o: DashboardOptions) =>
      !isLoopback(o.host) && !o.token
        ? `a dashboard on ${o.host} (not loopback) needs {token} (or DREAMREEL_DASHBOARD_TOKEN): anyone who reaches it could cancel renders`
        : undefined,
  ],
};

/** The dashboard's flags as commander gives them (strings), parsed; throws the first message, naming the flag. */
export function parseDashboardOptions(raw: { port?: string; host?: string; token?: string }): DashboardOptions {
  return parseFlags(optionSet(dashboardGroup), raw);
}
