import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { loadModel } from '../../src/dream/models/load-model.js';
import { startEngine } from '../../src/dream/engines/select-engine.js';
import type { DreamEngine } from '../../src/dream/engine.js';
import type { Network } from '../../src/dream/network/graph.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { dream } from '../../src/dream/ascent.js';
import { DEFAULT_DREAM } from '../../src/dream/settings.js';
import { meanAbsDifference } from '../../src/image/image.js';
import { hasShared, MODELS, photo } from '../helpers/shared.js';
import { relativeError } from '../helpers/tiny-nets.js';

describe.runIf(hasShared)('dreaming real photographs with the real GoogLeNet', () => {
  let net: Network;
  let ortEngine: DreamEngine;
  let wasmEngine: DreamEngine;
  beforeAll(async () => {
    net = await loadModel(`${MODELS}/bvlc_googlenet`);
    ortEngine = await startEngine('ort-cpu', net);
    wasmEngine = await startEngine('tfjs-wasm', net);
  });
  afterAll(async () => {
    await ortEngine.dispose();
    await wasmEngine.dispose();
  });

  for (const side of [64, 224]) {
    // A textured photograph: in flat areas (coffee's background, astronaut's black sky) max
    // pooling meets exact ties, which each runtime breaks its own way, both correctly.
    it(`ONNX Runtime and tfjs agree on the inception_4c gradient at ${side}x${side}`, async () => {
      const image = await photo('chelsea.png', side, side);
      const objective = objectives.layer('inception_4c/output');
      const a = await ortEngine.lossAndGradient(image, objective);
      const b = await wasmEngine.lossAndGradient(image, objective);
      expect(relativeError(a.gradient, b.gradient)).toBeLessThan(1e-3);
      expect(b.loss / a.loss).toBeCloseTo(1, 3);
    });
  }

  it('raises the inception_4c loss clearly, visibly changes chelsea.png, keeps pixels in range', async () => {
    const image = await photo('chelsea.png', 224, 150);
    const objective = objectives.layer('inception_4c/output');
    const before = objective.loss(await ortEngine.activations(image, objective.layers));
    const out = await dream(ortEngine, image, objective, { ...DEFAULT_DREAM, octaves: 2, steps: 6 });
    const after = objective.loss(await ortEngine.activations(out, objective.layers));
    expect(after).toBeGreaterThan(before * 2);
    expect(meanAbsDifference(out, image)).toBeGreaterThan(0.03);
    expect(Math.min(...out.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out.data)).toBeLessThanOrEqual(1);
  });

  it('same dream, same seed: ONNX Runtime and tfjs-wasm results agree to within a small pixel difference', async () => {
    const image = await photo('chelsea.png', 96, 96);
    const settings = { ...DEFAULT_DREAM, octaves: 2, steps: 3, seed: 11 };
    const a = await dream(ortEngine, image, objectives.layer('inception_3b/output'), settings);
    const b = await dream(wasmEngine, image, objectives.layer('inception_3b/output'), settings);
    expect(meanAbsDifference(a, b)).toBeLessThan(2 / 255);
    // Gradient ascent amplifies float differences a little; the dream itself is far larger.
    expect(meanAbsDifference(a, image)).toBeGreaterThan(4 * meanAbsDifference(a, b));
  });
});
