import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { SessionCache } from '../../src/dream/engines/ort/session-cache.js';
import { columnFeeds, columnRuns, inverseMap } from '../../src/dream/engines/ort/fused-step.js';
import { columnInputs, reorderColumns } from '../../src/dream/engines/ort/step-graph.js';
import { OnnxGraph } from '../../src/dream/onnx/onnx-graph.js';
import { ONNX_INT64, onnxModelProto } from '../../src/dream/onnx/onnx-schema.js';
import type { DreamEngine } from '../../src/dream/engine.js';
import { loadModel } from '../../src/dream/models/load-model.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { dream, type StepEvent } from '../../src/dream/ascent.js';
import { DEFAULT_DREAM, type DreamSettings } from '../../src/dream/settings.js';
import { composeTransforms, jitter, randomFlip } from '../../src/dream/transforms.js';
import { gaussianBlur } from '../../src/dream/gradient-processing.js';
import { paddedBlurKernel } from '../../src/dream/fused-step.js';
import { geometric, linear } from '../../src/dream/schedule.js';
import { seededRandom } from '../../src/dream/random.js';
import type { RgbImage } from '../../src/image/image.js';
import { conv, randomImage, tinyNet } from '../helpers/tiny-nets.js';
import { hasShared, MODELS, photo } from '../helpers/shared.js';

const net = tinyNet([
  ['c1', ['data'], conv(3, 8, 3, { pads: [1, 1, 1, 1] })],
  ['r1', ['c1'], { kind: 'relu' }],
  ['c2', ['r1'], conv(8, 8, 3, { stride: [2, 2], pads: [1, 1, 1, 1] })],
  ['r2', ['c2'], { kind: 'relu' }],
]);

/** The same engine without its fused step: the dream loop takes today's JavaScript path. */
function unfused(engine: DreamEngine): DreamEngine {
  return {
    name: engine.name,
    network: engine.network,
    activations: (image, layers) => engine.activations(image, layers),
    lossAndGradient: (image, objective) => engine.lossAndGradient(image, objective),
    liveResources: () => engine.liveResources(),
    dispose: () => engine.dispose(),
  };
}

const maxAbsDifference = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

async function bothWays(
  engine: DreamEngine,
  image: RgbImage,
  layer: string,
  settings: DreamSettings,
): Promise<{ fused: RgbImage; js: RgbImage; fusedLoss: number[]; jsLoss: number[] }> {
  const fusedLoss: number[] = [];
  const jsLoss: number[] = [];
  const fused = await dream(engine, image, objectives.layer(layer), settings, { onStep: (e: StepEvent) => fusedLoss.push(e.loss) });
  const js = await dream(unfused(engine), image, objectives.layer(layer), settings, { onStep: (e: StepEvent) => jsLoss.push(e.loss) });
  return { fused, js, fusedLoss, jsLoss };
}

/** The model with these inputs' element type made int64. */
function withInt64Inputs(bytes: Uint8Array, names: readonly string[]): Uint8Array {
  const Model = onnxModelProto();
  const model = Model.decode(bytes) as unknown as { graph: { input: { name: string; type: { tensor_type: { elem_type: number } } }[] } };
  for (const input of model.graph.input) if (names.includes(input.name)) input.type.tensor_type.elem_type = ONNX_INT64;
  return Model.encode(model).finish();
}

describe('the fused dream step', () => {
  it('row and column maps reproduce the jitter roll and flip, and their inverses undo them', () => {
    const transform = composeTransforms([jitter(5), randomFlip()], seededRandom(3));
    const img = randomImage(13, 9);
    const applied = transform.apply(img).data;
    const { rows, cols } = transform.axes!(13, 9);
    for (let y = 0; y < 9; y++)
      for (let x = 0; x < 13; x++) for (let c = 0; c < 3; c++) expect(applied[(y * 13 + x) * 3 + c]).toBe(img.data[(rows[y]! * 13 + cols[x]!) * 3 + c]);
    const back = inverseMap(cols);
    for (let x = 0; x < 13; x++) expect(Number(back[cols[x]!])).toBe(x);
  });

  it('reorders columns by two slices exactly as gathering by the map does, for every roll and its inverse, and by indices where steps may flip', async () => {
    for (const n of [1, 2, 3, 8])
      for (const flips of [false, true]) {
        const g = new OnnxGraph();
        g.input('x', [1, 1, 1, n]);
        g.op('Identity', [reorderColumns(g, 'x', 'cols', [1, 1, 1, n], flips)], {}, 'y');
        g.output('y', [1, 1, 1, n]);
        // OnnxGraph declares float inputs: the column inputs are int64.
        const session = await ort.InferenceSession.create(withInt64Inputs(g.encode(), columnInputs('cols', flips)));
        const x = new ort.Tensor(
          'float32',
          Float32Array.from({ length: n }, (_, i) => 10 + i),
          [1, 1, 1, n],
        );
        for (let shift = 0; shift < n; shift++)
          for (const flip of flips ? [false, true] : [false]) {
            const roll = Int32Array.from({ length: n }, (_, j) => (((j - shift) % n) + n) % n);
            const map = flip ? roll.reverse() : roll;
            for (const order of [map, Int32Array.from(inverseMap(map), Number)]) {
              const { y } = await session.run({ x, ...columnFeeds(ort, 'cols', order, flips) });
              expect([...(y!.data as Float32Array)], `n ${n}, shift ${shift}, flip ${flip}`).toEqual([...order].map((i) => 10 + i));
            }
          }
        await session.release();
      }
    expect(() => columnRuns(Int32Array.of(2, 1, 0))).toThrow(/not a roll/);
  });

  it('pads the blur kernel without changing it, and turns it into a unit tap where gaussianBlur does nothing', () => {
    // sigma 0.5 draws 2 taps each side: centred in 3, one zero at each end.
    const k = paddedBlurKernel(0.5, 3);
    expect(k).toHaveLength(7);
    expect([k[0], k[6]]).toEqual([0, 0]);
    expect(k[1]).toBeGreaterThan(0);
    expect(k.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    expect([...paddedBlurKernel(0.04, 2)]).toEqual([0, 0, 1, 0, 0]);
    const img = randomImage(8, 8);
    expect(gaussianBlur(img.data, 8, 8, 0.04)).toBe(img.data);
  });

  it('matches the JavaScript step on a tiny net: jitter, flip, both normalisations, blur fading out', async () => {
    const engine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
    const image = randomImage(37, 29);
    for (const normalise of ['meanAbs', 'std'] as const) {
      const settings: DreamSettings = {
        ...DEFAULT_DREAM,
        octaves: 2,
        octaveScale: 1.3,
        steps: 5,
        jitter: 6,
        flip: true,
        normalise,
        blur: geometric(1.6, 0.02),
        stepSize: linear(0.02, 0.01),
        seed: 11,
      };
      const { fused, js, fusedLoss, jsLoss } = await bothWays(engine, image, 'r2', settings);
      expect(maxAbsDifference(fused.data, js.data)).toBeLessThan(1e-5);
      // The dream moved: the comparison is not between two untouched pictures.
      expect(maxAbsDifference(js.data, image.data)).toBeGreaterThan(0.02);
      fusedLoss.forEach((l, i) => expect(Math.abs(l - jsLoss[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(jsLoss[i]!))));
    }
    await engine.dispose();
  });

  it.runIf(hasShared)(
    'matches the JavaScript step on GoogLeNet and a photo to 1e-5',
    async () => {
      const engine = new OrtEngine(ort, await loadModel(`${MODELS}/bvlc_googlenet`), { device: 'cpu' });
      const image = await photo('chelsea.png', 112, 96);
      const settings: DreamSettings = { ...DEFAULT_DREAM, octaves: 1, steps: 3, seed: 4 };
      const { fused, js, fusedLoss, jsLoss } = await bothWays(engine, image, 'inception_3b/output', settings);
      expect(maxAbsDifference(fused.data, js.data)).toBeLessThan(1e-5);
      expect(maxAbsDifference(js.data, image.data)).toBeGreaterThan(0.01);
      fusedLoss.forEach((l, i) => expect(Math.abs(l - jsLoss[i]!) / Math.abs(jsLoss[i]!)).toBeLessThan(1e-5));
      await engine.dispose();
    },
    120_000,
  );

  it('keeps at most its capacity of sessions, releasing the least recently used', async () => {
    const released: string[] = [];
    const cache = new SessionCache<{ release(): Promise<void> }>(2);
    const make = (name: string) => async () => ({ release: async () => void released.push(name) });
    await cache.get('a', make('a'));
    await cache.get('b', make('b'));
    await cache.get('a', make('a again'));
    await cache.get('c', make('c'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toEqual(['b']);
    expect(cache.size).toBe(2);
    await cache.clear();
    expect(released.sort()).toEqual(['a', 'b', 'c']);
  });
});
