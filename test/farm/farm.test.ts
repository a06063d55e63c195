import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { probe, workDir } from '../helpers/clips.js';
import { hasShared, MODELS } from '../helpers/shared.js';
import { TestRedis } from '../helpers/redis.js';
import { checkpointedFrames, Cli, clipWithAudio, FAST, frameCount, until } from './farm-helpers.js';

const LOCK_MS = 1000;

describe.runIf(hasShared)('render farm (real redis-server, workers as separate processes)', () => {
  const dir = workDir();
  let redis: TestRedis;
  const processes: Cli[] = [];
  const worker = (env: Record<string, string> = {}): Cli => {
    const w = Cli.worker(redis.url, { DREAMREEL_FARM_LOCK_MS: String(LOCK_MS), ...env });
    processes.push(w);
    return w;
  };
  beforeAll(async () => {
    process.env.DREAMREEL_MODELS = MODELS;
    redis = await TestRedis.start();
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) p.kill();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('renders a clip on two workers: every frame once, audio kept, no chunk lost its lock to a long step', async () => {
    const clip = clipWithAudio(dir, 12);
    const out = join(dir, 'farm.mp4');
    const workers = [worker(), worker()];
    await Promise.all(workers.map((w) => w.waitFor(/ready for chunks/)));
    const { code, stderr, stdout } = await cli(['render', clip, '-o', out, '--redis', redis.url, '--chunk-frames', '4', '--preroll', '2', '--json', ...FAST]);
    expect(code, stderr).toBe(0);
    const video = probe(out).streams.find((s) => s.codec_type === 'video')!;
    const audio = probe(out).streams.find((s) => s.codec_type === 'audio');
    expect(frameCount(out, probe)).toBe(12);
    expect([video.codec_name, video.width, video.height, video.r_frame_rate]).toEqual(['h264', 160, 96, '12/1']);
    expect(audio?.codec_name).toBe('aac');
    expect(Math.abs(Number(audio!.duration) - 1)).toBeLessThan(0.1);
    expect(readdirSync(dir).filter((f) => f.includes('partial') || f.includes('checkpoint'))).toEqual([]);
    // Each chunk was taken exactly once: a stalled lock would have handed one to the other worker.
    const log = workers.map((w) => w.stderr).join('');
    for (const n of [1, 2, 3]) expect(log.match(new RegExp(`chunk ${n}/3 of \\S+: frames`, 'g')), log).toHaveLength(1);
    // The precondition: some single blocking stretch of dreaming outlasted the lock.
    const longest = Math.max(...stdout.split('\n').filter((l) => l.includes('"frame-done"')).map((l) => (JSON.parse(l) as { ms: number }).ms));
    expect(longest).toBeGreaterThan(LOCK_MS);
  });

  it('a worker killed with -9 mid-chunk: another resumes that chunk from its checkpoint', async () => {
    const clip = clipWithAudio(dir, 8);
    const out = join(dir, 'killed.mp4');
    const a = worker({ DREAMREEL_FARM_LOCK_MS: '3000' });
    await a.waitFor(/ready for chunks/);
    const submit = await cli(['render', clip, '-o', out, '--redis', redis.url, '--chunk-frames', '8', '--detach', ...FAST]);
    expect(submit.code, submit.stderr).toBe(0);
    const id = submit.stdout.trim();
    await until('a checkpointed frame', () => checkpointedFrames(out) >= 1);
    a.kill('SIGKILL');
    const b = worker({ DREAMREEL_FARM_LOCK_MS: '3000' });
    const attached = await cli(['render', '--redis', redis.url, '--attach', id, '--plain']);
    expect(attached.code, attached.stderr + b.stderr).toBe(0);
    expect(b.stderr).toMatch(/resuming after [1-9]\d* checkpointed frame/);
    expect(frameCount(out, probe)).toBe(8);
    expect(existsSync(`${out}.dreamreel-checkpoint`)).toBe(false);
  });
});
