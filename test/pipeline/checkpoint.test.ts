import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DreamreelError } from '../../src/errors.js';
import { rgbImage, toBytes } from '../../src/image/image.js';
import { Checkpoint, quantize, quantizeWithBytes } from '../../src/pipeline/checkpoint.js';
import { differences, normalised } from '../../src/pipeline/checkpoint-identity.js';

const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'dreamreel-checkpoint-')), 'out.mp4');

/** A small picture with a gradient and values outside [0, 1], so the 8-bit round trip is visible. */
function picture(width = 5, height = 3): ReturnType<typeof rgbImage> {
  const image = rgbImage(width, height);
  for (let i = 0; i < image.data.length; i++) image.data[i] = (i % 7) / 6 + (i === 0 ? 1.5 : 0) - (i === 1 ? 0.2 : 0) + 0.001;
  return image;
}

async function refusal(run: Promise<unknown>): Promise<string> {
  const e = await run.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DreamreelError);
  return (e as Error).message;
}

describe('checkpoint identity', () => {
  it('stores settings as JSON does: undefined keys drop out, nothing becomes null', () => {
    expect(normalised({ fps: 12, crop: undefined, layers: ['a'] })).toEqual({ fps: 12, layers: ['a'] });
    expect(normalised(undefined)).toBeNull();
    expect(normalised(null)).toBeNull();
  });

  it('lists every setting that differs, by its dotted path, with both values', () => {
    expect(differences({ fps: 12, size: 512 }, { fps: 12, size: 512 })).toEqual([]);
    expect(differences({ fps: 12, dream: { lr: 1.5, steps: 10 } }, { fps: 24, dream: { lr: 1.5, steps: 20 } })).toEqual([
      'fps (12 then, 24 now)',
      'dream.steps (10 then, 20 now)',
    ]);
    expect(differences({ model: 'a' }, { model: 'a', seed: 3 })).toEqual(['seed (unset then, 3 now)']);
    expect(differences({ model: 'a', seed: 3 }, { model: 'a' })).toEqual(['seed (3 then, unset now)']);
    expect(differences({ layers: ['a', 'b'] }, { layers: ['a', 'c'] })).toEqual(['layers (["a","b"] then, ["a","c"] now)']);
    expect(differences(1, 2)).toEqual(['settings (1 then, 2 now)']);
    expect(differences({ a: null }, { a: { b: 1 } })).toEqual(['a (null then, {"b":1} now)']);
  });
});

describe('checkpoint', () => {
  it('starts afresh: a folder beside the output with its state, nothing done, ours to remove', async () => {
    const output = fresh();
    const checkpoint = await Checkpoint.open(output, { fps: 12 }, 'fps 12', false);
    expect(checkpoint.dir).toBe(`${output}.dreamreel-checkpoint`);
    expect(Checkpoint.dirFor(output)).toBe(checkpoint.dir);
    expect(checkpoint.done).toBe(0);
    expect(checkpoint.created).toBe(true);
    const state = JSON.parse(readFileSync(join(checkpoint.dir, 'state.json'), 'utf8')) as Record<string, unknown>;
    expect(state.description).toBe('fps 12');
    expect(state.settings).toEqual({ fps: 12 });
    expect(state.identity).toMatch(/^[0-9a-f]{64}$/);
  });

  it('saves frames whole under their final names, and reads back exactly the 8-bit picture', async () => {
    const checkpoint = await Checkpoint.open(fresh(), { fps: 12 }, 'fps 12', false);
    const image = picture();
    await checkpoint.save(0, image);
    expect(readdirSync(checkpoint.dir).sort()).toEqual(['frame-000000.png', 'state.json']);
    const back = await checkpoint.load(0);
    expect([back.width, back.height]).toEqual([5, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(quantize(image).data));
    const q = quantize(image);
    expect(q.data[0]).toBe(1);
    expect(q.data[1]).toBe(0);
    expect(q.data[2]).toBeCloseTo(Math.round(255 * (2 / 6 + 0.001)) / 255, 6);
    expect(Checkpoint.frameName(12)).toBe('frame-000012.png');
  });

  it('makes the bytes Math.round(255 v) of v clamped to [0, 1], out-of-range and NaN values too', () => {
    const values = new Float32Array(70000);
    for (let i = 0; i < values.length; i++) values[i] = (i % 7 === 0 ? i / 255 / 256 : Math.sin(i) * 0.7 + 0.5) - (i % 11 === 0 ? 1 : 0);
    values.set([NaN, -0, 1, 1.5, 0.5 / 255, 1.5 / 255, 254.5 / 255, Infinity, -Infinity], 0);
    const expected = Array.from(values, (v) => (Number.isNaN(v) ? 0 : Math.round(Math.min(1, Math.max(0, v)) * 255)));
    expect(Array.from(toBytes(rgbImage(values.length / 3, 1, values)))).toEqual(expected);
    const { image, bytes } = quantizeWithBytes(rgbImage(values.length / 3, 1, values));
    expect(Array.from(bytes)).toEqual(expected);
    expect(Array.from(image.data)).toEqual(expected.map((b) => Math.fround(b / 255)));
  });

  it('resumes after the last whole frame with the same settings, and refuses other settings naming them', async () => {
    const output = fresh();
    const first = await Checkpoint.open(output, { fps: 12, dream: { steps: 10 } }, 'steps 10', false);
    for (const i of [0, 1, 2]) await first.save(i, picture());
    const again = await Checkpoint.open(output, { fps: 12, dream: { steps: 10 } }, 'steps 10', true);
    expect(again.done).toBe(3);
    expect(again.created).toBe(false);
    expect(await refusal(Checkpoint.open(output, { fps: 12, dream: { steps: 10 } }, 'steps 10', false))).toBe(
      `an unfinished render of ${output} is in ${first.dir}: add --resume to continue it, or --restart to start over`,
    );
    expect(await refusal(Checkpoint.open(output, { fps: 24, dream: { steps: 20 } }, 'steps 20', true))).toBe(
      `the unfinished render in ${first.dir} was made with other settings: fps (12 then, 24 now), dream.steps (10 then, 20 now); --resume needs the same command, --restart discards it`,
    );
    // 'auto' (a farm chunk) continues whatever matches.
    expect((await Checkpoint.open(output, { fps: 12, dream: { steps: 10 } }, 'steps 10', 'auto')).done).toBe(3);
  });

  it('names at most four differences, and falls back to the description for checkpoints without settings', async () => {
    const output = fresh();
    const wide = { a: 1, b: 1, c: 1, d: 1, e: 1 };
    const first = await Checkpoint.open(output, wide, 'wide', false);
    await first.save(0, picture());
    const message = await refusal(Checkpoint.open(output, { a: 2, b: 2, c: 2, d: 2, e: 2 }, 'other', true));
    expect(message).toContain('other settings: a (1 then, 2 now), b (1 then, 2 now), c (1 then, 2 now), d (1 then, 2 now);');
    expect(message).not.toContain('e (1 then');
    const state = JSON.parse(readFileSync(join(first.dir, 'state.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(first.dir, 'state.json'), JSON.stringify({ identity: state.identity, description: 'an old render' }));
    expect(await refusal(Checkpoint.open(output, { a: 3 }, 'now', true))).toBe(
      `the unfinished render in ${first.dir} was made with other settings (an old render); --resume needs the same command, --restart discards it`,
    );
    // Same settings but another hash scheme's identity: the description is all there is to say.
    writeFileSync(join(first.dir, 'state.json'), JSON.stringify({ identity: 'elsewhere', description: 'same', settings: wide }));
    expect(await refusal(Checkpoint.open(output, wide, 'same', true))).toContain('was made with other settings (same)');
  });

  it('"nothing to resume" when no frame was finished; a checkpoint without frames never blocks a run', async () => {
    const output = fresh();
    expect(await refusal(Checkpoint.open(output, { fps: 12 }, 'fps 12', true))).toBe(`nothing to resume: no unfinished render of ${output}`);
    expect(existsSync(Checkpoint.dirFor(output))).toBe(false);
    await Checkpoint.open(output, { fps: 12 }, 'fps 12', false);
    const other = await Checkpoint.open(output, { fps: 24 }, 'fps 24', false);
    expect(other.done).toBe(0);
    // A state left without frames is replaced; the folder was made by the earlier run, so this one does not claim it.
    expect(other.created).toBe(false);
    expect((JSON.parse(readFileSync(join(other.dir, 'state.json'), 'utf8')) as { settings: unknown }).settings).toEqual({ fps: 24 });
    expect((await Checkpoint.open(output, { fps: 24 }, 'fps 24', 'auto')).done).toBe(0);
  });

  it('claims a folder it makes or one left without a state, not one an earlier run made', async () => {
    const output = fresh();
    mkdirSync(Checkpoint.dirFor(output));
    writeFileSync(join(Checkpoint.dirFor(output), 'user-file.txt'), 'mine');
    const checkpoint = await Checkpoint.open(output, { fps: 12 }, 'fps 12', false);
    expect(checkpoint.created).toBe(true);
    const output2 = fresh();
    const first = await Checkpoint.open(output2, { fps: 12 }, 'fps 12', false);
    expect(first.created).toBe(true);
    const second = await Checkpoint.open(output2, { fps: 12 }, 'fps 12', false);
    expect(second.created).toBe(false);
  });

  it('refuses a plain file where the folder goes, and never deletes it', async () => {
    const output = fresh();
    writeFileSync(Checkpoint.dirFor(output), 'not a checkpoint');
    const expected = `${Checkpoint.dirFor(output)} is a file, not a dreamreel checkpoint: move it away to render ${output}`;
    expect(await refusal(Checkpoint.open(output, {}, '', false))).toBe(expected);
    expect(await refusal(Checkpoint.discard(output))).toBe(expected);
    expect(readFileSync(Checkpoint.dirFor(output), 'utf8')).toBe('not a checkpoint');
  });

  it('a damaged state or frame says so in one line and points at --restart', async () => {
    const output = fresh();
    const checkpoint = await Checkpoint.open(output, { fps: 12 }, 'fps 12', false);
    await checkpoint.save(0, picture());
    const state = join(checkpoint.dir, 'state.json');
    writeFileSync(state, '{"identity": 42}');
    expect(await refusal(Checkpoint.open(output, { fps: 12 }, 'fps 12', true))).toBe(
      `the unfinished render in ${checkpoint.dir} is damaged (${state}: no identity): --restart discards it`,
    );
    writeFileSync(state, '{ not json');
    expect(await refusal(Checkpoint.open(output, { fps: 12 }, 'fps 12', true))).toMatch(/is damaged \(.*state\.json: .*JSON.*\): --restart discards it$/);
    writeFileSync(join(checkpoint.dir, Checkpoint.frameName(1)), 'not a png');
    expect(await refusal(checkpoint.load(1))).toMatch(
      new RegExp(`^the unfinished render in .* is damaged \\(.*frame-000001\\.png: .+\\): --restart discards it$`),
    );
  });

  it('a frame that cannot be saved leaves no partial file and says which frame', async () => {
    const output = fresh();
    const checkpoint = await Checkpoint.open(output, { fps: 12 }, 'fps 12', false);
    // The folder vanished under the run (deleted by hand): the write fails.
    await checkpoint.remove();
    expect(await refusal(checkpoint.save(4, picture()))).toMatch(
      new RegExp(`^cannot save frame 5 in ${checkpoint.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\S`),
    );
    expect(existsSync(checkpoint.dir) ? readdirSync(checkpoint.dir).filter((f) => f.includes('partial')) : []).toEqual([]);
    expect(existsSync(join(checkpoint.dir, Checkpoint.frameName(4)))).toBe(false);
  });

  it('saves of one frame by two writers at once (a farm chunk delivered twice) all succeed and leave it whole', async () => {
    const output = fresh();
    const checkpoint = await Checkpoint.open(output, { fps: 12 }, 'fps 12', false);
    const image = picture();
    for (let round = 0; round < 20; round++)
      await Promise.all([checkpoint.save(0, image, { fresh: true }), checkpoint.save(0, image, { fresh: true }), checkpoint.save(0, image, { fresh: true })]);
    expect(Array.from((await checkpoint.load(0)).data)).toEqual(Array.from(quantize(image).data));
    expect(await checkpoint.loadCarry(0)).toEqual({ fresh: true });
    expect(readdirSync(checkpoint.dir).sort()).toEqual(['frame-000000.carry.json', 'frame-000000.png', 'state.json']);
  });

  it('discard and remove delete the folder; discard of nothing is fine', async () => {
    const output = fresh();
    const checkpoint = await Checkpoint.open(output, { fps: 12 }, 'fps 12', false);
    await checkpoint.save(0, picture());
    await Checkpoint.discard(output);
    expect(existsSync(checkpoint.dir)).toBe(false);
    await Checkpoint.discard(output);
    const again = await Checkpoint.open(output, { fps: 12 }, 'fps 12', false);
    await again.remove();
    expect(existsSync(again.dir)).toBe(false);
    // A second removal (the folder already gone) is not an error.
    await again.remove();
  });
});
