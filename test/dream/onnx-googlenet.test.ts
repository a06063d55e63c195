import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dream/models/load-model.js';
import { startEngine } from '../../src/dream/engines/select-engine.js';
import type { DreamEngine } from '../../src/dream/engine.js';
import { resolveLayer, type Network } from '../../src/dream/network/graph.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { dream } from '../../src/dream/ascent.js';
import { DEFAULT_DREAM } from '../../src/dream/settings.js';
import type { RgbImage } from '../../src/image/image.js';
import { networkToOnnx } from '../helpers/export-onnx.js';
import { hasShared, MODELS, photo, topClasses } from '../helpers/shared.js';
import { relativeError } from '../helpers/tiny-nets.js';

function psnr(a: RgbImage, b: RgbImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += (a.data[i]! - b.data[i]!) ** 2;
  return 10 * Math.log10(1 / (sum / a.data.length));
}

describe.runIf(hasShared)('BVLC GoogLeNet as an ONNX file', () => {
  let caffe: Network;
  let onnx: Network;
  let caffeEngine: DreamEngine;
  let onnxEngine: DreamEngine;
  beforeAll(async () => {
    caffe = await loadModel(`${MODELS}/bvlc_googlenet`);
    const file = join(mkdtempSync(join(tmpdir(), 'dreamreel-googlenet-')), 'googlenet.onnx');
    writeFileSync(file, networkToOnnx(caffe, 224));
    onnx = await loadModel(file, { preprocess: { preprocess: 'caffe' } });
    caffeEngine = await startEngine('ort-cpu', caffe);
    onnxEngine = await startEngine('ort-cpu', onnx);
  });
  afterAll(async () => {
    await caffeEngine.dispose();
    await onnxEngine.dispose();
  });

  it('exported with real LRN nodes and BGR input, it classifies chelsea.png as an Egyptian cat', async () => {
    expect(onnx.nodes.filter((n) => n.op.kind === 'lrn')).toHaveLength(2);
    expect(onnx.preprocess.channelOrder).toBe('BGR');
    const prob = resolveLayer(onnx, 'prob');
    const probs = (await onnxEngine.activations(await photo('chelsea.png', 224, 224), [prob])).get(prob)!.data;
    expect(topClasses(probs)[0]).toBe(285);
    expect(probs[285]).toBeGreaterThan(0.4);
  });

  it('dreams the same picture as the Caffe route (same seed)', async () => {
    const image = await photo('chelsea.png', 96, 96);
    const settings = { ...DEFAULT_DREAM, octaves: 2, steps: 6, seed: 11 };
    const a = await dream(caffeEngine, image, objectives.layer('inception_4c/output'), settings);
    const b = await dream(onnxEngine, image, objectives.layer(resolveLayer(onnx, 'inception_4c/output')), settings);
    const agreement = psnr(a, b);
    console.log(`ONNX vs Caffe dream: ${agreement.toFixed(1)} dB; dream vs photograph: ${psnr(a, image).toFixed(1)} dB`);
    expect(agreement).toBeGreaterThanOrEqual(30);
    // And the dream is far from the photograph, so the agreement means something.
    expect(psnr(a, image)).toBeLessThan(agreement - 10);
  });

  it('the PyTorch-written googlenet.onnx: module paths address the Caffe layers, and it sees the cat', async () => {
    const torch = await loadModel(`${MODELS}/bvlc_googlenet_onnx/googlenet.onnx`, { preprocess: { preprocess: 'caffe' } });
    expect(torch.modulePaths!.slice(5, 14)).toEqual(['3a', '3b', '4a', '4b', '4c', '4d', '4e', '5a', '5b']);
    expect(torch.logits).toBe(resolveLayer(torch, 'logits'));
    const engine = await startEngine('ort-cpu', torch);
    const image = await photo('chelsea.png', 224, 224);
    const logits = (await engine.activations(image, [torch.logits!])).get(torch.logits!)!.data;
    expect(topClasses(logits)[0]).toBe(285);
    const small = await photo('chelsea.png', 160, 120);
    const ours = (await engine.activations(small, [resolveLayer(torch, '4c')])).get(resolveLayer(torch, '4c'))!;
    const theirs = (await caffeEngine.activations(small, ['inception_4c/output'])).get('inception_4c/output')!;
    expect(ours.shape).toEqual(theirs.shape);
    expect(relativeError(theirs.data, ours.data)).toBeLessThan(1e-4);
    await engine.dispose();
  });
});
