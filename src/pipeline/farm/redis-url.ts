import { readFileSync } from 'node:fs';

/**
 * The farm's Redis URL as people run it: `redis://user:password@host:port/db`, `rediss://` for
 * TLS, checked against DREAMREEL_REDIS_CA (set by --redis-ca) when the server's certificate is not
 * signed by a public authority. Light on purpose: the CLI redacts URLs without loading ioredis.
 */

/** The URL with its password replaced by *** (the user name stays: it says which account is used). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = '***';
    return u.toString();
  } catch {
    // Not a URL at all: hide whatever sits between the scheme and an @.
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Replaces every occurrence of the URL's password in a message (error texts from libraries may quote it). */
export function redactIn(message: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return message;
  }
  return password ? message.split(url).join(redactUrl(url)).split(password).join('***') : message;
}

let caCache: { path: string; pem: Buffer } | undefined;

/** TLS options for a rediss:// URL: the CA from DREAMREEL_REDIS_CA when set, else the system's. */
export function tlsOptions(url: URL): { tls: { ca?: Buffer; servername?: string } } | Record<string, never> {
  if (url.protocol !== 'rediss:') return {};
  const caPath = process.env.DREAMREEL_REDIS_CA;
  if (!caPath) return { tls: {} };
  if (caCache?.path !== caPath) caCache = { path: caPath, pem: readFileSync(caPath) };
  return { tls: { ca: caCache.pem } };
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO/;

/**
 * One line saying which of the three things went wrong: the password (or user) refused, the host
 * unreachable, or the TLS handshake; the URL in it is redacted.
 */
export function describeRedisFailure(url: string, error: { message?: string; code?: string } | undefined): string {
  const shown = redactUrl(url);
  const message = redactIn(error?.message ?? 'no answer', url);
  const code = error?.code ?? '';
  if (/WRONGPASS|invalid username-password|invalid password/i.test(message))
    return `Redis at ${shown} refused the user name or password (${message.split('\n')[0]}): check the URL's user:password`;
  if (/NOAUTH|Authentication required/i.test(message))
    return `Redis at ${shown} requires a password: give it in the URL (redis://user:password@host:port) or in DREAMREEL_REDIS`;
  if (/NOPERM/i.test(message)) return `Redis at ${shown}: the user may not run the farm's commands (${message}): grant it +@all on ~* or the bull:* keys`;
  if (TLS_CODES.test(code) || /certificate|SSL|TLS|wrong version number|handshake/i.test(message)) {
    return `TLS to Redis at ${shown} failed: ${message}${/rediss:/.test(url) ? ' (pass --redis-ca FILE for a private certificate authority)' : ''}`;
  }
  return `cannot reach Redis at ${shown}: ${message}`;
}
