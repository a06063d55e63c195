import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { probe, workDir } from '../helpers/clips.js';
import { hasShared, MODELS } from '../helpers/shared.js';
import { TestRedis } from '../helpers/redis.js';
import { openFarm } from '../../src/pipeline/farm/queue-view.js';
import { copyFileSync, rmSync } from 'node:fs';
import { checkpointedFrames, Cli, clipWithAudio, FAST, frameCount, until } from './farm-helpers.js';
import { decodeAll, strength } from '../helpers/known-motion.js';
import type { RgbImage } from '../../src/image/image.js';

// The shortest lock the farm accepts; tfjs-wasm steps at 480x288 take longer than that even on an idle machine
// (ONNX Runtime's fused step is too quick there to make the point).
const LOCK_MS = 500;

describe.runIf(hasShared)('render farm (real redis-server, workers as separate processes)', { timeout: 900_000 }, () => {
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
    const { code, stderr, stdout } = await cli([
      'render',
      clip,
      '-o',
      out,
      '--redis',
      redis.url,
      '--chunk-frames',
      '4',
      '--preroll',
      '2',
      '--size',
      '480',
      '--json',
      ...FAST,
      '--backend',
      'tfjs-wasm',
    ]);
    expect(code, stderr).toBe(0);
    const video = probe(out).streams.find((s) => s.codec_type === 'video')!;
    const audio = probe(out).streams.find((s) => s.codec_type === 'audio');
    expect(frameCount(out, probe)).toBe(12);
    expect([video.codec_name, video.width, video.height, video.r_frame_rate]).toEqual(['h264', 480, 288, '12/1']);
    expect(audio?.codec_name).toBe('aac');
    expect(Math.abs(Number(audio!.duration) - 1)).toBeLessThan(0.1);
    expect(readdirSync(dir).filter((f) => f.includes('partial') || f.includes('checkpoint'))).toEqual([]);
    // Each chunk was taken exactly once: a stalled lock would have handed one to the other worker.
    const log = workers.map((w) => w.stderr).join('');
    for (const n of [1, 2, 3]) expect(log.match(new RegExp(`chunk ${n}/3 of \\S+: frames`, 'g')), log).toHaveLength(1);
    // The precondition: a step (a frame is 2 octaves x 2 steps at most) outlasted the lock.
    const longest = Math.max(
      ...stdout
        .split('\n')
        .filter((l) => l.includes('"frame-done"'))
        .map((l) => (JSON.parse(l) as { ms: number }).ms),
    );
    expect(longest / 4).toBeGreaterThan(LOCK_MS);
  });

  // The tests that stop something mid-chunk use chunks of 24 frames: on a fast machine an 8-frame
  // chunk could be dreamed, joined and its checkpoints removed between two polls for the first one.
  it('a worker killed with -9 mid-chunk: another resumes that chunk from its checkpoint', async () => {
    const clip = clipWithAudio(dir, 24);
    const out = join(dir, 'killed.mp4');
    const a = worker({ DREAMREEL_FARM_LOCK_MS: '3000' });
    await a.waitFor(/ready for chunks/);
    const submit = await cli(['render', clip, '-o', out, '--redis', redis.url, '--chunk-frames', '24', '--detach', ...FAST]);
    expect(submit.code, submit.stderr).toBe(0);
    const id = submit.stdout.trim();
    await until(
      () => `a checkpointed frame; the worker said:\n${a.stderr.slice(-3000)}`,
      () => checkpointedFrames(out) >= 1,
    );
    a.kill('SIGKILL');
    const b = worker({ DREAMREEL_FARM_LOCK_MS: '3000' });
    const attached = await cli(['render', '--redis', redis.url, '--attach', id, '--plain']);
    expect(attached.code, attached.stderr + b.stderr).toBe(0);
    expect(b.stderr).toMatch(/resuming after [1-9]\d* checkpointed frame/);
    expect(frameCount(out, probe)).toBe(24);
    expect(existsSync(`${out}.dreamreel-checkpoint`)).toBe(false);
  });
  it('SIGTERM: a worker keeps its finished frames, hands the chunk back at once and exits 0; another finishes it', async () => {
    const clip = clipWithAudio(dir, 24);
    const out = join(dir, 'termed.mp4');
    // A long lock: the chunk must come back through the worker's own hand-over, not lock expiry.
    const a = worker({ DREAMREEL_FARM_LOCK_MS: '600000' });
    await a.waitFor(/ready for chunks/);
    const submit = await cli(['render', clip, '-o', out, '--redis', redis.url, '--chunk-frames', '24', '--detach', ...FAST]);
    expect(submit.code, submit.stderr).toBe(0);
    const id = submit.stdout.trim();
    await until(
      () => `a checkpointed frame; the worker said:\n${a.stderr.slice(-3000)}`,
      () => checkpointedFrames(out) >= 1,
    );
    a.kill('SIGTERM');
    expect(await a.exited, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/stopped/);
    const status = await cli(['status', id, '--redis', redis.url, '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as { chunks: { state: string }[] }[])[0]!.chunks[0]!.state).toBe('waiting');
    const b = worker();
    const attached = await cli(['render', '--redis', redis.url, '--attach', id, '--plain']);
    expect(attached.code, attached.stderr + b.stderr).toBe(0);
    expect(b.stderr).toMatch(/resuming after [1-9]\d* checkpointed frame/);
    expect(frameCount(out, probe)).toBe(24);
    // BullMQ runs its stalled-job check once per stalled interval across all workers, fenced by a key
    // that lives as long as the longest interval a worker asked for (here 600 s): without clearing it,
    // the next tests' workers would not rescue a job whose 500 ms lock was lost for ten minutes.
    const farm = openFarm(redis.url);
    try {
      await farm.redis.del(farm.queue.keys['stalled-check']!);
    } finally {
      await farm.close();
    }
  });

  it('Redis restarted mid-render: workers and the submitter reconnect and carry on', async () => {
    // Chunks long enough that each worker is still dreaming one when Redis goes away (4-frame chunks
    // could all be finished by then on a fast machine, and no frame would be dreamed while it is down).
    const clip = clipWithAudio(dir, 24);
    const out = join(dir, 'restarted.mp4');
    const workers = [worker({ DREAMREEL_FARM_LOCK_MS: '30000' }), worker({ DREAMREEL_FARM_LOCK_MS: '30000' })];
    await Promise.all(workers.map((w) => w.waitFor(/ready for chunks/)));
    const submitter = new Cli(['render', clip, '-o', out, '--redis', redis.url, '--chunk-frames', '12', ...FAST]);
    processes.push(submitter);
    await until('a checkpointed frame', () => checkpointedFrames(out) >= 1);
    await redis.stop(true);
    try {
      // While Redis is away the workers keep dreaming their chunks.
      const before = checkpointedFrames(out);
      await until('a frame dreamed while Redis is down', () => checkpointedFrames(out) > before);
    } finally {
      // Back in any case: the tests after this one need it.
      await redis.launch();
    }
    expect(await submitter.exited, submitter.stderr + workers.map((w) => w.stderr).join('')).toBe(0);
    expect(submitter.stderr).toMatch(/done: .*restarted\.mp4/);
    expect(frameCount(out, probe)).toBe(24);
  });

  /**
   * The right frames in the right places: each frame of the farm's video is nearest to the same
   * frame of a one-machine render of the clip (chunk seams differ a little, frames differ a lot).
   */
  async function expectSameFramesAsOneMachine(clip: string, farmed: string): Promise<void> {
    const single = join(dir, 'one-machine.mp4');
    if (!existsSync(single)) expect((await cli(['render', clip, '-o', single, ...FAST])).code).toBe(0);
    const [a, b] = [await decodeAll(farmed, 160, 96), await decodeAll(single, 160, 96)];
    expect(a).toHaveLength(b.length);
    const distance = (x: RgbImage, y: RgbImage): number => strength(x, y);
    for (const [i, frame] of a.entries()) {
      const distances = b.map((other) => distance(frame, other));
      const nearest = distances.indexOf(Math.min(...distances));
      expect(nearest, `farm frame ${i} is nearest to one-machine frame ${nearest}: ${distances.map((d) => d.toFixed(1)).join(' ')}`).toBe(i);
    }
  }

  it('a duplicate of a chunk, running beside the original, never corrupts the render', async () => {
    const clip = clipWithAudio(dir, 8);
    const out = join(dir, 'duplicate.mp4');
    const submit = await cli(['render', clip, '-o', out, '--redis', redis.url, '--chunk-frames', '4', '--detach', ...FAST]);
    expect(submit.code, submit.stderr).toBe(0);
    const id = submit.stdout.trim();
    const farm = openFarm(redis.url);
    try {
      const original = (await farm.queue.getJob(`${id}-c0000`))!;
      // At-least-once delivery, made explicit: the same chunk again, ahead of everything else.
      await farm.queue.add('chunk', original.data, { jobId: `${id}-dup`, lifo: true });
      const workers = [worker(), worker()];
      const attached = await cli(['render', '--redis', redis.url, '--attach', id, '--plain']);
      expect(attached.code, attached.stderr + workers.map((w) => w.stderr).join('')).toBe(0);
      expect(frameCount(out, probe)).toBe(8);
      const dup = (await farm.queue.getJob(`${id}-dup`))!;
      await until('the duplicate to finish', async () => ['completed', 'failed'].includes(await dup.getState()));
      expect(existsSync(`${out}.dreamreel-checkpoint`)).toBe(false);
      expect(frameCount(out, probe)).toBe(8);
      await expectSameFramesAsOneMachine(clip, out);
    } finally {
      await farm.close();
    }
  });

  it('Ctrl-C of the submitter leaves the render running; render --attach follows it to the end', async () => {
    const clip = clipWithAudio(dir, 24);
    const out = join(dir, 'reattached.mp4');
    const workers = [worker(), worker()];
    const submitter = new Cli(['render', clip, '-o', out, '--redis', redis.url, '--chunk-frames', '12', ...FAST]);
    processes.push(submitter);
    await submitter.waitFor(/farm render (\S+);/);
    const id = /farm render (\S+);/.exec(submitter.stderr)![1]!;
    await until(
      () => `a checkpointed frame; the submitter said:\n${submitter.stderr.slice(-3000)}`,
      () => checkpointedFrames(out) >= 1,
    );
    submitter.kill('SIGINT');
    expect(await submitter.exited).toBe(0);
    expect(submitter.stderr).toMatch(/goes on on the farm/);
    const attached = await cli(['render', '--redis', redis.url, '--attach', id, '--plain']);
    expect(attached.code, attached.stderr + workers.map((w) => w.stderr).join('')).toBe(0);
    expect(frameCount(out, probe)).toBe(24);
  });

  it('a worker that cannot read the input fails the chunk; the submitter shows why', async () => {
    const clip = join(dir, 'elsewhere.mp4');
    copyFileSync(clipWithAudio(dir, 4), clip);
    const out = join(dir, 'unreadable.mp4');
    const submit = await cli(['render', clip, '-o', out, '--redis', redis.url, '--chunk-frames', '4', '--detach', ...FAST]);
    expect(submit.code, submit.stderr).toBe(0);
    rmSync(clip); // the workers' view of the storage lacks the clip
    worker();
    const attached = await cli(['render', '--redis', redis.url, '--attach', submit.stdout.trim(), '--plain']);
    expect(attached.code).toBe(1);
    expect(attached.stderr).toMatch(/chunk 1\/1 failed: worker \S+ cannot read the input .*elsewhere\.mp4: .*shared storage/);
  });

  it('status lists a queued render; cancel drops its chunks', async () => {
    const clip = clipWithAudio(dir, 8);
    const out = join(dir, 'cancelled.mp4');
    const submit = await cli(['render', clip, '-o', out, '--redis', redis.url, '--chunk-frames', '4', '--detach', ...FAST]);
    const id = submit.stdout.trim();
    const listed = await cli(['status', '--redis', redis.url]);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+rendering\\s+0/8 frames`));
    const cancelled = await cli(['cancel', id, '--redis', redis.url]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toMatch(/2 queued chunk\(s\) dropped/);
    const attached = await cli(['render', '--redis', redis.url, '--attach', id, '--plain']);
    expect(attached.code).toBe(1);
    expect(attached.stderr).toContain(`dreamreel: render ${id} was cancelled\n`);
    expect((await cli(['status', '--redis', 'http://x'])).stderr).toMatch(/Expected a Redis URL/);
  });
});
