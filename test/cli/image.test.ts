import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { cli } from '../helpers/cli.js';
import { hasShared, IMAGES, MODELS } from '../helpers/shared.js';

describe('dreamreel image', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dreamreel-image-'));
  beforeAll(() => {
    process.env.DREAMREEL_MODELS = MODELS;
  });

  it.runIf(hasShared)('dreams a photograph into a picture of the same aspect, written under its final name only when done', async () => {
    const out = join(dir, 'cat.webp');
    const { code, stderr } = await cli([
      'image',
      `${IMAGES}/chelsea.png`,
      '-o',
      out,
      '--size',
      '160',
      '--octaves',
      '2',
      '--steps',
      '3',
      '--backend',
      'ort-cpu',
    ]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('backend ort-cpu');
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 160, 106]);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it.runIf(hasShared)('prints NDJSON events with --json', async () => {
    const { code, stdout } = await cli([
      'image',
      '--start',
      'grey',
      '--size',
      '64',
      '-o',
      join(dir, 'g.png'),
      '--octaves',
      '1',
      '--steps',
      '2',
      '--json',
      '-l',
      'inception_3a/output',
    ]);
    expect(code).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(events.map((e) => e.type)).toEqual(['start', 'frame-start', 'step', 'step', 'frame-done', 'done']);
  });

  const mistakes: [string, string[], string][] = [
    ['a missing file', ['image', 'no-such.jpg', '-o', 'x.png'], 'dreamreel: input: no such file no-such.jpg\n'],
    [
      'a nonsense number',
      ['image', 'x.jpg', '-o', 'x.png', '--octaves', '0'],
      'dreamreel: Expected an integer between 1 and 12 for --octaves but received "0"\n',
    ],
    [
      'an unknown model',
      ['image', '--start', 'grey', '-o', 'x.png', '--model', 'alexnet'],
      'dreamreel: unknown model "alexnet": expected one of googlenet, inception5h, mobilenet_v1, mobilenet_v1_0.25, or the path of a deploy.prototxt, model.json, .pb or .onnx\n',
    ],
    [
      'an unknown backend',
      ['image', 'x.jpg', '-o', 'x.png', '--backend', 'cuda'],
      'dreamreel: Expected one of ort-webgpu, ort-cuda, tfjs-node-gpu, ort-cpu, tfjs-node, tfjs-wasm, tfjs-cpu for --backend but received "cuda"\n',
    ],
  ];
  for (const [what, args, message] of mistakes) {
    it(`answers ${what} with one line and exit code 1`, async () => {
      const { code, stderr } = await cli(args);
      expect(stderr).toBe(message);
      expect(code).toBe(1);
    });
  }

  it.runIf(hasShared)('names the nearest layers for a typo', async () => {
    const { code, stderr } = await cli(['image', '--start', 'grey', '-o', join(dir, 'x.png'), '-l', 'inception_4c/outptu']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'dreamreel: unknown layer "inception_4c/outptu" in googlenet; nearest: inception_4c/output, inception_4a/output, inception_4b/output (dreamreel models layers googlenet lists them all)\n',
    );
  });

  it('rejects a corrupt image without a stack trace and leaves no output', async () => {
    const bad = join(dir, 'corrupt.jpg');
    writeFileSync(bad, 'not a jpeg at all');
    const out = join(dir, 'never.png');
    const { code, stderr } = await cli(['image', bad, '-o', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^dreamreel: cannot read image .*corrupt\.jpg: .+\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it.runIf(hasShared)('refuses a size that cannot fit in memory before starting', async () => {
    const { code, stderr } = await cli(['image', '--start', 'grey', '--size', '16384x16384', '-o', join(dir, 'huge.png'), '--tile-size', '4096']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^dreamreel: a 16384x16384 dream needs about [\d.]+ GiB, more than this machine has: use a smaller --size or --tile-size\n$/);
  });
});
