import { afterEach, describe, expect, it } from 'vitest';
import {
  cancelKey,
  chunkJobId,
  connectionOptions,
  DREAMREEL_VERSION,
  FARM_SETTINGS_VERSION,
  farmMarker,
  incompatibility,
  lockMs,
  segmentPath,
  type RenderSpec,
} from '../../src/pipeline/farm/payload.js';

describe('farm payload', () => {
  const saved = process.env.DREAMREEL_FARM_LOCK_MS;
  afterEach(() => {
    if (saved === undefined) delete process.env.DREAMREEL_FARM_LOCK_MS;
    else process.env.DREAMREEL_FARM_LOCK_MS = saved;
  });

  it('names jobs, markers, segments and cancel keys so that two renders never share one', () => {
    expect(chunkJobId('r1', 7)).toBe('r1-c0007');
    expect(chunkJobId('r1', 12345)).toBe('r1-c12345');
    expect(farmMarker('/farm/out.mp4')).toBe('/farm/out.mp4.dreamreel-checkpoint/farm.json');
    expect(segmentPath({ output: '/farm/out.mp4', planKey: 'k9' }, 0)).toBe('/farm/out.mp4.dreamreel-checkpoint/chunks-k9/chunk-0000.ts');
    expect(cancelKey('r1')).toBe('dreamreel:cancelled:r1');
  });

  it('a worker takes jobs of its own settings version only, and says which versions differ', () => {
    const render = { settingsVersion: FARM_SETTINGS_VERSION, dreamreel: DREAMREEL_VERSION, renderId: 'r7' } as RenderSpec;
    expect(incompatibility(render)).toBeUndefined();
    // Another dreamreel with the same settings version makes the same frames.
    expect(incompatibility({ ...render, dreamreel: '0.0.9' })).toBeUndefined();
    expect(incompatibility({ ...render, settingsVersion: FARM_SETTINGS_VERSION - 1, dreamreel: '0.0.1' })).toBe(
      `render r7 was queued by dreamreel 0.0.1 (settings version ${FARM_SETTINGS_VERSION - 1}); this worker runs dreamreel ${DREAMREEL_VERSION} ` +
        `(settings version ${FARM_SETTINGS_VERSION}) and would make different frames: run the same dreamreel version on every worker`,
    );
  });

  it('reads the connection from a redis:// URL: host, default port, credentials, database, TLS', () => {
    expect(connectionOptions('redis://queue')).toEqual({ host: 'queue', port: 6379, maxRetriesPerRequest: null });
    expect(connectionOptions('redis://queue:6380/')).toEqual({ host: 'queue', port: 6380, maxRetriesPerRequest: null });
    expect(connectionOptions('redis://us%3Aer:p%40ss@queue:6380/3')).toEqual({
      host: 'queue',
      port: 6380,
      username: 'us:er',
      password: 'p@ss',
      db: 3,
      maxRetriesPerRequest: null,
    });
    expect(connectionOptions('rediss://queue/0')).toEqual({ host: 'queue', port: 6379, db: 0, tls: {}, maxRetriesPerRequest: null });
    // A database that is not a number is left to the default rather than sent as NaN.
    expect(connectionOptions('redis://queue/jobs')).toEqual({ host: 'queue', port: 6379, maxRetriesPerRequest: null });
  });

  it('chunk jobs hold their lock 30 s unless a test shortens it, never under half a second', () => {
    delete process.env.DREAMREEL_FARM_LOCK_MS;
    expect(lockMs()).toBe(30_000);
    process.env.DREAMREEL_FARM_LOCK_MS = '500';
    expect(lockMs()).toBe(500);
    process.env.DREAMREEL_FARM_LOCK_MS = '499';
    expect(lockMs()).toBe(30_000);
    process.env.DREAMREEL_FARM_LOCK_MS = 'soon';
    expect(lockMs()).toBe(30_000);
    process.env.DREAMREEL_FARM_LOCK_MS = 'Infinity';
    expect(lockMs()).toBe(30_000);
  });
});
