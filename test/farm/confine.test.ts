import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { absolutePathOptions, pathViolation, realRoot } from '../../src/pipeline/farm/confine.js';
import { MAX_PAYLOAD_BYTES, parseJobData } from '../../src/pipeline/farm/payload-schema.js';
import { FARM_SETTINGS_VERSION, type ChunkJobData, type RenderSpec } from '../../src/pipeline/farm/payload.js';
import { workDir } from '../helpers/clips.js';
import { TestRedis } from '../helpers/redis.js';
import { openFarm } from '../../src/pipeline/farm/queue-view.js';
import { Cli, until } from './farm-helpers.js';

const hasRedis = (() => {
  try {
    execFileSync('redis-server', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

/** Hostile jobs carry options no submitter would send, so `options` is any JSON object here. */
type Over = Partial<Omit<RenderSpec, 'options'>> & { options?: Record<string, unknown> };
function spec(root: string, over: Over = {}): RenderSpec {
  return {
    settingsVersion: FARM_SETTINGS_VERSION,
    dreamreel: '0.1.0',
    renderId: 'drtest01',
    input: join(root, 'clip.mp4'),
    output: join(root, 'out', 'dream.mp4'),
    width: 64,
    height: 48,
    fps: 12,
    frames: 8,
    flow: true,
    chunks: 1,
    planKey: 'abc123',
    options: { steps: 2 },
    identity: { model: 'x' },
    ...over,
  };
}
const chunk = (render: RenderSpec, over: Record<string, unknown> = {}): ChunkJobData => ({
  render,
  chunk: { index: 0, start: 0, end: 8, preroll: 0 },
  ...over,
});

describe("a job's paths must lead inside the worker's root", () => {
  const base = workDir();
  const root = join(base, 'farm');
  const outside = join(base, 'elsewhere');
  beforeAll(() => {
    mkdirSync(join(root, 'out'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(root, 'clip.mp4'), 'x');
    writeFileSync(join(outside, 'secret.mp4'), 'x');
    symlinkSync(join(outside, 'secret.mp4'), join(root, 'link-out.mp4'));
    symlinkSync(outside, join(root, 'dir-out'));
    symlinkSync(join(outside, 'missing.mp4'), join(root, 'dangling.mp4'));
    symlinkSync(join(root, 'clip.mp4'), join(root, 'link-in.mp4'));
  });
  const real = (): string => realRoot(root);
  const check = (over: Over, data?: ChunkJobData): string | undefined => pathViolation('12', data ?? chunk(spec(root, over)), real());

  it('accepts paths inside, symlinks that stay inside, and outputs not written yet', () => {
    expect(check({})).toBeUndefined();
    expect(check({ input: join(root, 'link-in.mp4'), output: join(root, 'new', 'deeper', 'x.mp4') })).toBeUndefined();
    expect(check({ options: { model: 'googlenet' } })).toBeUndefined();
    expect(check({ options: { audio: true, guide: join(root, 'clip.mp4') } })).toBeUndefined(); // audio: true is the clip's own sound, no path // a registry name: the worker's own cache
  });

  it('refuses absolute paths elsewhere, .. escapes, symlinks out (files and folders), broken links and relative paths', () => {
    expect(check({ output: '/etc/x.mp4' })).toBe(`job 12: output /etc/x.mp4 is outside the worker's root ${real()}`);
    expect(check({ input: join(root, '..', 'elsewhere', 'secret.mp4') })).toMatch(/^job 12: input .*elsewhere\/secret\.mp4 is outside the worker's root/);
    expect(check({ input: join(root, 'link-out.mp4') })).toMatch(/^job 12: input .*link-out\.mp4 \(really .*elsewhere\/secret\.mp4\) is outside/);
    expect(check({ output: join(root, 'dir-out', 'new.mp4') })).toMatch(/^job 12: output .*dir-out\/new\.mp4 \(really .*elsewhere\/new\.mp4\) is outside/);
    expect(check({ output: join(root, 'dangling.mp4') })).toMatch(/^job 12: output .*dangling\.mp4 passes through a broken symbolic link/);
    expect(check({ input: 'clip.mp4' })).toBe('job 12: input clip.mp4 is not an absolute path');
  });

  it('checks every path-valued option (model, guide, mask, audio, framesDir), and the derived checkpoint folder', () => {
    expect(check({ options: { model: '/etc/model.onnx' } })).toMatch(/^job 12: model \/etc\/model\.onnx is outside/);
    expect(check({ options: { guide: join(outside, 'g.png') } })).toMatch(/^job 12: guide .* is outside/);
    expect(check({ options: { mask: '/proc/self/environ' } })).toMatch(/^job 12: mask .* is outside/);
    expect(check({ options: { audio: join(root, 'link-out.mp4') } })).toMatch(/^job 12: audio .*link-out\.mp4 \(really .*\) is outside/);
    expect(check({ options: { framesDir: join(root, 'dir-out', 'frames') } })).toMatch(/^job 12: framesDir .* is outside/);
    symlinkSync(outside, join(root, 'out', 'planted.mp4.dreamreel-checkpoint'));
    expect(check({ output: join(root, 'out', 'planted.mp4') })).toMatch(/^job 12: checkpoint folder .* is outside/);
  });

  it('the submitter makes its path options absolute; registry names, URLs and audio: true stay', () => {
    expect(absolutePathOptions({ guide: 'g.jpg', model: 'googlenet', mask: '/m.png', steps: 2, audio: 'sub/a.wav', framesDir: 'f' }, '/srv/farm')).toEqual({
      guide: '/srv/farm/g.jpg',
      model: 'googlenet',
      mask: '/m.png',
      steps: 2,
      audio: '/srv/farm/sub/a.wav',
      framesDir: '/srv/farm/f',
    });
    expect(absolutePathOptions({ model: 'https://example.com/model.json', audio: true }, '/srv')).toEqual({
      model: 'https://example.com/model.json',
      audio: true,
    });
    expect(check({ options: { model: 'https://example.com/model.json' } })).toBe(
      'job 12: model https://example.com/model.json is a URL: a worker reads only files under its root (and registry models from its own cache)',
    );
  });

  it('parses payloads: unknown fields, wrong types, oversized, bad chunk ranges are refused with the reason', () => {
    const good = chunk(spec(root));
    expect(parseJobData('chunk', good)).toEqual({ ok: true, data: good });
    expect(parseJobData('chunk', { ...good, shell: 'rm -rf /' })).toEqual({ ok: false, reason: 'its payload is invalid: unknown field(s) shell' });
    expect(parseJobData('chunk', chunk(spec(root, { width: '64' as unknown as number })))).toEqual({
      ok: false,
      reason: 'its payload is invalid: render.width: Expected number, received string',
    });
    expect(parseJobData('chunk', chunk(spec(root, { input: "a\nfile '/etc/passwd'" })))).toEqual({
      ok: false,
      reason: 'its payload is invalid: render.input: must not hold control characters',
    });
    expect(parseJobData('chunk', chunk(spec(root, { options: { 'x; rm': 'y' } })))).toEqual({
      ok: false,
      reason: 'its payload is invalid: render.options.x; rm: is not an option name',
    });
    // The options are judged by the render options schema, its rules across options included.
    expect(parseJobData('chunk', chunk(spec(root, { options: { steps: 0 } })))).toEqual({
      ok: false,
      reason: 'its payload is invalid: render.options: Expected an integer between 1 and 1000 for steps but received 0',
    });
    expect(parseJobData('chunk', chunk(spec(root, { options: { layerSchedule: '0=inception_4c/output', guide: join(root, 'clip.mp4') } })))).toEqual({
      ok: false,
      reason: 'its payload is invalid: render.options: layerSchedule and guide cannot be combined',
    });
    expect(parseJobData('chunk', chunk(spec(root, { options: { output: '/etc/x.mp4' } })))).toEqual({
      ok: false,
      reason: 'its payload is invalid: render.options: unknown field(s) output',
    });
    expect(parseJobData('chunk', chunk(spec(root, { options: { lr: '0:(0.01), 4:(0.02)', audio: true } })))).toMatchObject({ ok: true });
    const big = parseJobData('chunk', chunk(spec(root, { identity: { blob: 'x'.repeat(MAX_PAYLOAD_BYTES) } })));
    expect(big).toEqual({ ok: false, reason: expect.stringMatching(/^its payload is \d+ bytes, over the farm's limit of 65536$/) });
    expect(parseJobData('chunk', { ...good, chunk: { index: 0, start: 4, end: 2, preroll: 0 } })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('frames must run forwards'),
    });
    expect(parseJobData('exec', good)).toEqual({ ok: false, reason: 'unknown job kind "exec"' });
  });

  describe.runIf(hasRedis)('a real worker (real redis-server) given hostile jobs', { timeout: 180_000 }, () => {
    let redis: TestRedis;
    let worker: Cli;
    beforeAll(async () => {
      redis = await TestRedis.start();
      worker = Cli.worker(redis.url, {}, root);
      await worker.waitFor(/ready for chunks .*confined to/);
    });
    afterAll(async () => {
      worker?.kill();
      await redis?.stop();
    });

    async function failedReason(id: string, data: unknown, name = 'chunk'): Promise<string> {
      const farm = openFarm(redis.url);
      try {
        await farm.queue.add(name, data, { jobId: id });
        const job = async () => (await farm.queue.getJob(id))!;
        await until(`job ${id} to fail`, async () => (await (await job()).getState()) === 'failed', 60_000);
        return (await job()).failedReason;
      } finally {
        await farm.close();
      }
    }

    it('fails the chunk with one line and reads or writes nothing', async () => {
      const before = readdirSync(outside).sort();
      const target = join(outside, 'written.mp4');
      expect(await failedReason('h12', chunk(spec(root, { output: target })))).toBe(`job h12: output ${target} is outside the worker's root ${real()}`);
      expect(await failedReason('h13', chunk(spec(root, { input: join(root, 'link-out.mp4') })))).toMatch(/^job h13: input .* is outside the worker's root/);
      expect(await failedReason('h14', { ...chunk(spec(root)), extra: 1 })).toBe('job h14: its payload is invalid: unknown field(s) extra');
      expect(await failedReason('h15', chunk(spec(root, { settingsVersion: 99 })))).toMatch(/settings version 99\); this worker runs dreamreel/);
      expect(await failedReason('h16', chunk(spec(root, { options: { octaves: 'many' } })))).toBe(
        'job h16: its payload is invalid: render.options: Expected an integer between 1 and 12 for octaves but received "many"',
      );
      expect(await failedReason('h17', chunk(spec(root, { options: { evil: 'x' } })))).toBe(
        'job h17: its payload is invalid: render.options: unknown option "evil"',
      );
      expect(await failedReason('h19', chunk(spec(root, { options: { layerSchedule: 'soon=inception_4c/output' } })))).toBe(
        'job h19: its payload is invalid: render.options: Expected keys such as 0=inception_4c/output;48=inception_4d/output for layerSchedule but received "soon=inception_4c/output"',
      );
      expect(await failedReason('h18', { render: spec(root, { output: '/etc/x.mp4' }) }, 'join')).toMatch(/^job h18: output \/etc\/x\.mp4 is outside/);
      expect(readdirSync(outside).sort()).toEqual(before);
      expect(existsSync(`${target}.dreamreel-checkpoint`)).toBe(false);
      expect(worker.stderr).not.toMatch(/\n\s+at /); // no stack traces
    });
  });
});
