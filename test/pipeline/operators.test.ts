import { describe, expect, it } from 'vitest';
import { TestScheduler } from 'rxjs/testing';
import { Subject, firstValueFrom, toArray, take, lastValueFrom } from 'rxjs';
import * as ort from 'onnxruntime-node';
import { pairWithPrevious } from '../../src/pipeline/operators/pair-with-previous.js';
import { pull } from '../../src/pipeline/pull.js';
import { rgbImage, type RgbImage } from '../../src/image/image.js';
import { renderFrames } from '../../src/pipeline/render.js';
import { zoomSources } from '../../src/pipeline/zoom-sources.js';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { DEFAULT_DREAM } from '../../src/dream/settings.js';
import type { DreamEngine } from '../../src/dream/engine.js';
import { conv, randomImage, tinyNet } from '../helpers/tiny-nets.js';
import { workDir } from '../helpers/clips.js';
import { join } from 'node:path';

const frame = (id: number): RgbImage => rgbImage(1, 1, Float32Array.of(id, 0, 0));

describe('pipeline operators (marble tests, frames as ids)', () => {
  it('pairWithPrevious numbers frames and pairs each with the one before, in order', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const source = cold('a-b--c|', { a: frame(1), b: frame(2), c: frame(3) });
      const ids = source.pipe(pairWithPrevious());
      expectObservable(ids).toBe('a-b--c|', {
        a: { index: 0, source: frame(1) },
        b: { index: 1, source: frame(2), previousSource: frame(1) },
        c: { index: 2, source: frame(3), previousSource: frame(2) },
      });
    });
  });

  it('passes errors down the stream', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      expectObservable(cold('a-#', { a: frame(1) }, new Error('decode failed')).pipe(pairWithPrevious())).toBe('a-#', { a: { index: 0, source: frame(1) } }, new Error('decode failed'));
    });
  });
});

describe('pull: backpressure from the dreamer to the decoder', () => {
  async function* counted(log: number[]): AsyncGenerator<number> {
    for (let i = 0; i < 100; i++) {
      log.push(i);
      yield i;
    }
  }

  it('reads only as many values as were asked for', async () => {
    const log: number[] = [];
    const demand = new Subject<void>();
    const seen: number[] = [];
    const sub = pull(counted(log), demand, 2).subscribe((v) => seen.push(v));
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([0, 1]);
    demand.next();
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([0, 1, 2]);
    expect(log.length).toBeLessThanOrEqual(4);
    sub.unsubscribe();
  });

  it('returns the iterator on unsubscribe (which is what kills ffmpeg)', async () => {
    let returned = false;
    async function* source(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        returned = true;
      }
    }
    const demand = new Subject<void>();
    expect(await firstValueFrom(pull(source(), demand, 1))).toBe(0);
    await new Promise((r) => setTimeout(r, 10));
    expect(returned).toBe(true);
  });
});

describe('renderFrames teardown', () => {
  const net = tinyNet([
    ['c1', ['data'], conv(3, 4, 3, { pads: [1, 1, 1, 1] })],
    ['r1', ['c1'], { kind: 'relu' }],
  ]);

  it('dreams nothing more after the subscriber leaves', async () => {
    const inner = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
    let calls = 0;
    const counting: DreamEngine = { ...inner, name: inner.name, network: net, activations: (i, l) => inner.activations(i, l), lossAndGradient: (i, o) => ((calls += 1), inner.lossAndGradient(i, o)), liveResources: () => 0, dispose: () => inner.dispose() };
    const dir = workDir();
    const settings = { ...DEFAULT_DREAM, octaves: 1, steps: 2 };
    const job = { command: 'zoom' as const, input: 'still', output: join(dir, 'z.mp4'), width: 32, height: 32, fps: 12, frames: 50, first: settings, next: settings, blend: 1, crf: 30, resume: false, identity: { objective: 'r1' } };
    const events = await lastValueFrom(renderFrames(counting, job, zoomSources(randomImage(32, 32), 50, () => ({ zoom: 1.05, rotateDegrees: 0, shift: [0, 0] })), () => objectives.layer('r1')).pipe(take(8), toArray()));
    expect(events[0]!.type).toBe('start');
    const atUnsubscribe = calls;
    await new Promise((r) => setTimeout(r, 300));
    expect(calls - atUnsubscribe).toBeLessThanOrEqual(1); // at most the step already in flight
    expect(calls).toBeLessThan(50 * 2);
  });
});
