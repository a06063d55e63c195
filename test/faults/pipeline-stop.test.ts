import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { hasShared } from '../helpers/shared.js';
import { testClip, workDir } from '../helpers/clips.js';
import { FAST, framesOf, oneLine, run, SLOW, start } from './helpers-pipeline.js';

const FRAME_DONE = /"type":"frame-done"/;

/** A stopped render says so in its exit code and keeps what it finished; a refused one touches nothing. */
describe.runIf(hasShared)('faults: stopping, locks and ownership', { timeout: 600_000 }, () => {
  const dir = workDir();

  it('SIGINT exits 130 and SIGTERM 143, keeping the partial video and checkpoint; a second render of the output and a refused run touch neither', async () => {
    const clip = testClip(dir, { frames: 120, fps: 12, audio: false });
    const out = join(dir, 'dream.mp4');
    const partial = join(dir, 'dream.partial.mp4');
    const args = ['render', clip, '-o', out, '--size', '96', '--json', ...SLOW];
    const first = start(args);
    await first.waitFor(FRAME_DONE);
    const second = await run(args);
    expect(second.code, second.stderr).toBe(1);
    expect(oneLine(second.stderr)).toMatch(/is being rendered by process \d+ on /);
    first.child.kill('SIGINT');
    const stopped = await first.finished;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(framesOf(partial)).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(`${out}.dreamreel-checkpoint`, 'frame-000000.png'))).toBe(true);
    expect(existsSync(`${out}.dreamreel-lock`)).toBe(false);

    const kept = readFileSync(partial);
    const refused = await run(args);
    expect(refused.code, refused.stderr).toBe(1);
    expect(oneLine(refused.stderr)).toMatch(/add --resume to continue it/);
    expect(readFileSync(partial).equals(kept)).toBe(true);

    const resumed = start([...args, '--resume']);
    await resumed.waitFor(FRAME_DONE);
    resumed.child.kill('SIGTERM');
    const terminated = await resumed.finished;
    expect(terminated.code, terminated.stderr).toBe(143);
    expect(framesOf(partial)).toBeGreaterThanOrEqual(2);
    expect(existsSync(out)).toBe(false);
  });

  it('a stop before the first frame leaves no checkpoint to block the next run', async () => {
    const clip = testClip(dir, { frames: 4, fps: 4, audio: false });
    const out = join(dir, 'early.mp4');
    const early = start([
      'render',
      clip,
      '-o',
      out,
      '--size',
      '96',
      '--json',
      '--octaves',
      '1',
      '--steps',
      '200',
      '-l',
      'inception_3b/output',
      '--backend',
      'ort-cpu',
    ]);
    await early.waitFor(/"type":"step"/);
    early.child.kill('SIGINT');
    const stopped = await early.finished;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(existsSync(`${out}.dreamreel-checkpoint`)).toBe(false);
    expect(existsSync(join(dir, 'early.partial.mp4'))).toBe(false);
    const next = await run(['render', clip, '-o', out, '--size', '64', ...FAST]);
    expect(next.code, next.stderr).toBe(0);
    expect(framesOf(out)).toBe(4);
  });

  it('takes over a stale lock whose process is gone from this host', async () => {
    const clip = testClip(dir, { frames: 2, fps: 2, audio: false });
    const out = join(dir, 'stale.mp4');
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
    writeFileSync(`${out}.dreamreel-lock`, JSON.stringify({ pid: Number(gone), host: hostname() }));
    const { code, stderr } = await run(['render', clip, '-o', out, '--size', '64', ...FAST]);
    expect(code, stderr).toBe(0);
    expect(framesOf(out)).toBe(2);
    expect(existsSync(`${out}.dreamreel-lock`)).toBe(false);
  });
});
