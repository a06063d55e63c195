import { describe, expect, it } from 'vitest';
import { loopbackHost, Sessions, SESSION_COOKIE, tokenMatches } from '../../src/dashboard/auth.js';
import { FrameRates } from '../../src/dashboard/frame-rates.js';
import { isLoopback, parseDashboardOptions } from '../../src/options/farm-security.js';

describe('dashboard guards', () => {
  it('compares tokens of any length, missing ones refused', () => {
    const token = 'a-long-enough-token-0123';
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(`${token}x`, token)).toBe(false);
    expect(tokenMatches('a', token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
  });

  it('on loopback, answers only requests addressed to a loopback name (no DNS rebinding)', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', '127.0.0.1']) expect(loopbackHost(host), host).toBe(true);
    for (const host of ['evil.example:8080', '127.0.0.1.evil.example', 'localhost.evil.example', '', undefined])
      expect(loopbackHost(host), String(host)).toBe(false);
  });

  it('sessions for Bull Board: random ids, only the issued ones valid', () => {
    const sessions = new Sessions();
    const id = sessions.open();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(sessions.valid(`other=1; ${SESSION_COOKIE}=${id}`)).toBe(true);
    expect(sessions.valid(`${SESSION_COOKIE}=${'0'.repeat(64)}`)).toBe(false);
    expect(sessions.valid(undefined)).toBe(false);
  });

  it('parses its options: loopback by default, a token off loopback, messages naming the flag', () => {
    expect(parseDashboardOptions({})).toEqual({ port: 8080, host: '127.0.0.1' });
    expect(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost') && !isLoopback('0.0.0.0')).toBe(true);
    expect(() => parseDashboardOptions({ port: '80a' })).toThrow('Expected an integer between 0 and 65535 for --port but received "80a"');
    expect(() => parseDashboardOptions({ host: '0.0.0.0' })).toThrow(
      'a dashboard on 0.0.0.0 (not loopback) needs --token (or DREAMREEL_DASHBOARD_TOKEN): anyone who reaches it could cancel renders',
    );
    expect(() => parseDashboardOptions({ host: '0.0.0.0', token: 'short' })).toThrow(
      'Expected a token of at least 16 characters for --token (or DREAMREEL_DASHBOARD_TOKEN)',
    );
    expect(parseDashboardOptions({ host: '0.0.0.0', port: '0', token: 'x'.repeat(16) })).toEqual({ host: '0.0.0.0', port: 0, token: 'x'.repeat(16) });
  });
});

describe('frames per minute', () => {
  it('over the window of samples, 0 until frames advance', () => {
    const rates = new FrameRates(60_000);
    expect(rates.sample('r', 0, 0)).toBe(0);
    expect(rates.sample('r', 0, 10_000)).toBe(0);
    expect(rates.sample('r', 10, 30_000)).toBe(20); // 10 frames in 30 s
    expect(rates.sample('r', 40, 90_000)).toBeCloseTo(30, 5); // from the newest sample at least a window old (10 s, 0 frames): 40 frames in 80 s
    expect(rates.sample('r', 2, 91_000)).toBe(0); // started over (a restart): no rate yet
  });
});
