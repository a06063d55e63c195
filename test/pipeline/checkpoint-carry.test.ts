import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workDir } from '../helpers/clips.js';
import { Checkpoint } from '../../src/pipeline/checkpoint.js';
import { rgbImage } from '../../src/image/image.js';
import { DreamreelError } from '../../src/errors.js';

const picture = rgbImage(4, 2, new Float32Array(24).fill(0.5));

describe('checkpoint: the carry saved with each frame', () => {
  const dir = workDir();

  it('is read back as saved, absent for a frame saved without it, and a damaged one names --restart', async () => {
    const out = join(dir, 'carry.mp4');
    const checkpoint = await Checkpoint.open(out, { a: 1 }, 'test', 'auto');
    await checkpoint.save(0, picture, { fresh: true, state: { target: 0.031 } });
    await checkpoint.save(1, picture);
    expect(await checkpoint.loadCarry(0)).toEqual({ fresh: true, state: { target: 0.031 } });
    expect(await checkpoint.loadCarry(1)).toBeUndefined();
    expect(readdirSync(checkpoint.dir).filter((f) => f.includes('partial'))).toEqual([]);
    const resumed = await Checkpoint.open(out, { a: 1 }, 'test', true);
    expect(resumed.done).toBe(2);
    writeFileSync(join(checkpoint.dir, 'frame-000000.carry.json'), '{"fresh": "yes"}');
    const damaged = await resumed.loadCarry(0).catch((e: unknown) => e);
    expect(damaged).toBeInstanceOf(DreamreelError);
    expect((damaged as Error).message).toMatch(/damaged \(.*frame-000000\.carry\.json: fresh: Expected boolean.*--restart discards it/);
  });
});
