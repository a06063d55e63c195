import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header the page sends the token in (never the URL: URLs end up in logs and histories). */
export const TOKEN_HEADER = 'x-dreamreel-token';
/** Bull Board's own page cannot send our header: after the page proves the token, it gets this cookie for /queues. */
export const SESSION_COOKIE = 'dreamreel_session';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Compares in constant time: both sides hashed first, so neither the token's length nor its
 * first differing byte shows in the time taken.
 */
export function tokenMatches(given: string | undefined, token: string): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(token));
}

const LOOPBACK_NAMES = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d+)?$/i;

/**
 * A dashboard on loopback answers only requests addressed to a loopback name: a web page that
 * rebinds its own domain to 127.0.0.1 (DNS rebinding) sends its own Host and is refused.
 */
export const loopbackHost = (host: string | undefined): boolean => host !== undefined && LOOPBACK_NAMES.test(host);

/** Sessions for Bull Board's page, by random id (the cookie never holds the token). */
export class Sessions {
  private readonly ids = new Map<string, number>();
  constructor(private readonly ttlMs = 12 * 3600_000) {}

  open(): string {
    const id = randomBytes(32).toString('hex');
    this.ids.set(id, Date.now() + this.ttlMs);
    return id;
  }

  valid(cookieHeader: string | undefined): boolean {
    const id = cookieHeader
      ?.split(';')
      .map((c) => c.trim().split('='))
      .find(([k]) => k === SESSION_COOKIE)?.[1];
    const until = id ? this.ids.get(id) : undefined;
    return until !== undefined && until > Date.now();
  }
}
