import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { IMAGES, MODELS, hasShared } from '../helpers/shared.js';
import { cleanScratch, expectOneLine, runCli, scratch } from './helpers-model.js';

afterAll(cleanScratch);

const PHOTO = `${IMAGES}/chelsea.png`;
const GUIDE = `${IMAGES}/coffee.png`;
const quick = ['--size', '72', '--octaves', '1', '--steps', '2', '--json'];
const registry = { DREAMREEL_MODELS: MODELS };

interface Event {
  type: string;
  objective?: string;
  loss?: number;
}
const events = (stdout: string): Event[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Event);

async function meanPixelChange(a: string, b: string): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((p) => sharp(p).removeAlpha().resize(72, 48, { fit: 'fill' }).raw().toBuffer()));
  let sum = 0;
  for (let i = 0; i < x!.length; i++) sum += Math.abs(x![i]! - y![i]!);
  return sum / x!.length;
}

describe.skipIf(!hasShared)('objectives: every flag applies to its target or is refused', () => {
  it.each([
    ['--preset eyes-and-animals', ['--preset', 'eyes-and-animals'], 'guide(inception_4d/output) + 0.5·guide(inception_4e/output)'],
    ['two layers', ['-l', 'inception_4c/output,inception_4e/output'], 'guide(inception_4c/output) + guide(inception_4e/output)'],
  ])('--guide with %s matches each layer against its own guide features (finite loss, a changed picture)', async (_, flags, description) => {
    const out = join(scratch(), 'guided.png');
    const r = await runCli(['image', PHOTO, '-o', out, '--guide', GUIDE, ...flags, ...quick], registry);
    // Nothing on stderr but the line saying why no GPU backend runs here.
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('no GPU backend here'))).toEqual([]);
    expect(r.code).toBe(0);
    const all = events(r.stdout);
    expect(all.find((e) => e.type === 'start')!.objective).toBe(description);
    const losses = all.filter((e) => e.type === 'step').map((e) => e.loss!);
    expect(losses.length).toBe(2);
    for (const loss of losses) expect(Number.isFinite(loss) && loss > 0).toBe(true);
    expect(await meanPixelChange(PHOTO, out)).toBeGreaterThan(0.5);
  });

  it('--crop applies to a name[channel] target', async () => {
    const r = await runCli(['image', PHOTO, '-o', join(scratch(), 'c.png'), '-l', 'inception_4c/output[10]', '--crop', '0.3', ...quick], registry);
    expect(r.code).toBe(0);
    expect(events(r.stdout).find((e) => e.type === 'start')!.objective).toBe('crop(mean(inception_4c/output[10]²), 0.3)');
  });

  it('--crop applies to --guide', async () => {
    const r = await runCli(
      ['image', PHOTO, '-o', join(scratch(), 'g.png'), '-l', 'inception_4c/output', '--guide', GUIDE, '--crop', '0.2', ...quick],
      registry,
    );
    expect(r.code).toBe(0);
    expect(events(r.stdout).find((e) => e.type === 'start')!.objective).toBe('crop(guide(inception_4c/output), 0.2)');
  });

  it.each([
    [['--class', '285', '--crop', '0.2'], '--crop cannot be combined with --class'],
    [['--class', '285', '--loss', 'mean'], '--loss applies to --layers'],
    [['-l', 'inception_4c/output', '--guide', GUIDE, '--loss', 'mean'], '--loss cannot be combined with --guide'],
    [['-l', 'inception_4c/output[3]', '--guide', GUIDE], '--guide matches whole layers'],
  ])('%j is refused with one line', async (flags, message) => {
    const out = join(scratch(), 'r.png');
    const r = await runCli(['image', PHOTO, '-o', out, ...flags, ...quick], registry);
    expect(r.code).toBe(1);
    expect(expectOneLine(r)).toContain(message);
    expect(existsSync(out)).toBe(false);
  });
});
