import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { caffeNetParameter } from '../../src/dream/models/caffe/caffemodel.js';
import { IMAGES, MODELS, hasShared } from '../helpers/shared.js';
import { cleanScratch, copyModel, expectOneLine, runCli, scratch } from './helpers-model.js';

afterAll(cleanScratch);

const PHOTO = `${IMAGES}/chelsea.png`;
const quick = ['--size', '64', '--octaves', '1', '--steps', '2', '--plain'];

/** Overwrites `count` bytes at `offset` with 0xFF: a NaN float32 where weights were, same file size. */
function stamp(path: string, offset: number, count = 8, byte = 0xff): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(count, byte), 0, count, offset);
  closeSync(fd);
}

describe.skipIf(!hasShared)('corrupt weights and bad channels stop the run (exit 1, one line)', () => {
  it('NaN bytes in a GoogLeNet weight file', async () => {
    const model = copyModel('bvlc_googlenet');
    stamp(join(model, 'weights/inception_4a/3x3_filter.bin'), 4000);
    const out = join(scratch(), 'out.png');
    const r = await runCli(['image', PHOTO, '-o', out, '--model', model, '-l', 'inception_4c/output', ...quick]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r)).toMatch(/corrupt.*inception_4a\/3x3/);
    expect(r.stdout + r.stderr).not.toMatch(/loss NaN/);
    expect(existsSync(out)).toBe(false);
  });

  it('huge but finite weights (0x7F bytes) overflow: the non-finite loss stops the dream', async () => {
    const model = copyModel('bvlc_googlenet');
    stamp(join(model, 'weights/conv1/7x7_s2_filter.bin'), 0, 4096, 0x7f);
    const out = join(scratch(), 'out.png');
    const r = await runCli(['image', PHOTO, '-o', out, '--model', model, '-l', 'inception_3a/output', ...quick]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r)).toMatch(/(loss|gradient) became (NaN|Infinity|-Infinity) at octave 1, step 1: the model's weights are likely corrupt/);
    expect(r.stdout + r.stderr).not.toMatch(/loss NaN/);
    expect(existsSync(out)).toBe(false);
  });

  it('0xFF bytes inside a .caffemodel blob', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'deploy.prototxt'),
      'name: "Tiny" input: "data" layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 2 kernel_size: 3 } }',
    );
    const NetParameter = caffeNetParameter();
    const weights = Float32Array.from({ length: 54 }, (_, i) => Math.sin(i + 1) * 0.3);
    const bytes = NetParameter.encode(
      NetParameter.fromObject({ layer: [{ name: 'conv', blobs: [{ shape: { dim: [2, 3, 3, 3] }, data: [...weights] }, { data: [0.1, 0.2] }] }] }),
    ).finish();
    const blob = Buffer.from(bytes);
    const at = blob.indexOf(Buffer.from(weights.buffer, 20 * 4, 8));
    expect(at).toBeGreaterThan(0);
    blob.fill(0xff, at, at + 8);
    writeFileSync(join(dir, 'tiny.caffemodel'), blob);
    const r = await runCli(['image', PHOTO, '-o', join(dir, 'out.png'), '--model', join(dir, 'deploy.prototxt'), '-l', 'conv', ...quick]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r)).toMatch(/corrupt.*layer conv/);
  });

  it('a tfjs shard twice its declared length is refused when loading', async () => {
    const model = copyModel('mobilenet_v1_0.25_224');
    const shard = join(model, 'mobilenet_group3-shard1of1');
    appendFileSync(shard, readFileSync(shard));
    const r = await runCli(['image', PHOTO, '-o', join(scratch(), 'out.png'), '--model', model, '-l', 'conv_pw_3_relu', ...quick]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r)).toMatch(/mobilenet_group3-shard1of1 hold \d+ bytes but model.json declares \d+/);
  });

  it.each(['512', '99999'])('channel %s of inception_4c/output (512 channels) is refused with the valid range', async (channel) => {
    const r = await runCli([
      'image',
      PHOTO,
      '-o',
      join(scratch(), 'out.png'),
      '--model',
      `${MODELS}/bvlc_googlenet`,
      '-l',
      `inception_4c/output[${channel}]`,
      ...quick,
    ]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r)).toContain('between 0 and 511');
  });
});
