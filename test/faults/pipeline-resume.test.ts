import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { hasShared, IMAGES } from '../helpers/shared.js';
import { testClip, workDir } from '../helpers/clips.js';
import { oneLine, run, start } from './helpers-pipeline.js';
import { copyModel } from './helpers-model.js';

const SLOW = ['--octaves', '1', '--steps', '15', '--steps-next', '15', '--backend', 'ort-cpu', '--size', '64', '--json'];

/** Leaves an unfinished render with at least one finished frame, stopped by Ctrl-C. */
async function interrupted(args: readonly string[]): Promise<void> {
  const running = start(args);
  await running.waitFor(/"type":"frame-done"/);
  running.child.kill('SIGINT');
  expect((await running.finished).code).toBe(130);
}

/** --resume continues only the very render that was stopped, and says which setting differs. */
describe.runIf(hasShared)('faults: resume identity', { timeout: 600_000 }, () => {
  const dir = workDir();

  it('refuses a resume with another --schedule-mode or --fps, naming it', async () => {
    const clip = testClip(dir, { frames: 96, fps: 12, audio: false });
    const base = [
      'render',
      clip,
      '-o',
      join(dir, 'scheduled.mp4'),
      '-l',
      'inception_3b/output',
      '--layer-schedule',
      '0=inception_3b/output;8=inception_3a/output',
      ...SLOW,
    ];
    await interrupted([...base, '--schedule-mode', 'switch', '--fps', '12']);
    const mode = await run([...base, '--schedule-mode', 'blend', '--fps', '12', '--resume']);
    expect(mode.code, mode.stderr).toBe(1);
    expect(oneLine(mode.stderr)).toMatch(/other settings: scheduleMode \("switch" then, "blend" now\).*--restart discards it/);
    const fps = await run([...base, '--schedule-mode', 'switch', '--fps', '6', '--resume']);
    expect(fps.code, fps.stderr).toBe(1);
    expect(oneLine(fps.stderr)).toMatch(/fps \(12 then, 6 now\)/);
  });

  it('refuses a resume whose --guide picture has other content under the same name', async () => {
    const clip = testClip(dir, { frames: 96, fps: 12, audio: false });
    const guide = join(dir, 'guide.png');
    copyFileSync(`${IMAGES}/chelsea.png`, guide);
    const args = ['render', clip, '-o', join(dir, 'guided.mp4'), '-l', 'inception_3b/output', '--guide', guide, ...SLOW];
    await interrupted(args);
    await sharp(`${IMAGES}/chelsea.png`).flop().toFile(guide);
    const changed = await run([...args, '--resume']);
    expect(changed.code, changed.stderr).toBe(1);
    expect(oneLine(changed.stderr)).toMatch(/other settings: guide picture content \(changed since the checkpoint\)/);
  });

  it('refuses a resume with other preprocessing, or after the model files were replaced under the same name', async () => {
    const clip = testClip(dir, { frames: 96, fps: 12, audio: false });
    const model = copyModel('mobilenet_v1_0.25_224');
    const args = ['render', clip, '-o', join(dir, 'model.mp4'), '--model', model, '-l', 'conv_pw_3_relu', ...SLOW];
    await interrupted(args);
    const mean = await run([...args, '--mean', '0.5,0.5,0.5', '--resume']);
    expect(mean.code, mean.stderr).toBe(1);
    expect(oneLine(mean.stderr)).toMatch(/other settings: .*preprocess\.offset \(\[-1,-1,-1\] then, \[-2\.18[0-9.,-]+\] now\)/);
    const bgr = await run([...args, '--bgr', '--resume']);
    expect(oneLine(bgr.stderr)).toMatch(/preprocess\.channelOrder \("RGB" then, "BGR" now\)/);
    // The same name, the same sizes, one weight nudged: another model.
    const shard = join(model, 'mobilenet_group7-shard1of1');
    const bytes = readFileSync(shard);
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(shard, bytes);
    const replaced = await run([...args, '--resume']);
    expect(replaced.code, replaced.stderr).toBe(1);
    expect(oneLine(replaced.stderr)).toMatch(/other settings: model content \(changed since the checkpoint\).*--restart discards it/);
  });
});
