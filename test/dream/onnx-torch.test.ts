import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { loadModel } from '../../src/dream/models/load-model.js';
import { resolveLayer } from '../../src/dream/network/graph.js';
import { rgbImage } from '../../src/image/image.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { workDir } from '../helpers/clips.js';
import { relativeError } from '../helpers/tiny-nets.js';

const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch']).status === 0;

/** NCHW (batch 1) to dreamreel's HWC. */
function toHwc(chw: Float32Array, height: number, width: number): Float32Array {
  return Float32Array.from({ length: height * width * 3 }, (_, i) => chw[(i % 3) * height * width + Math.floor(i / 3)]!);
}

describe.runIf(hasTorch)('a model exported by torch.onnx.export', () => {
  it('computes what PyTorch computes, and the input gradients of autograd, at a size other than the declared one', async () => {
    const dir = workDir();
    execFileSync('/usr/bin/python3', ['test/fixtures/export_tiny_torch.py', dir]);
    const bin = (name: string): Float32Array => new Float32Array(new Uint8Array(readFileSync(`${dir}/${name}.bin`)).buffer);
    // The module takes its input as it is: no mean, unit std, pixels as given.
    const net = await loadModel(`${dir}/tiny.onnx`, { preprocess: { mean: [0, 0, 0], std: [1, 1, 1], scale: 1 } });
    expect(net.modulePaths).toEqual([
      'conv1',
      'relu',
      'maxpool',
      'layer1.0',
      'layer1.1',
      'layer1',
      'features.0',
      'features.1',
      'features.2',
      'features.3',
      'features.4',
      'features',
      'avgpool',
      'fc',
    ]);
    expect(net.nodes.filter((n) => n.op.kind === 'affine')).toEqual([]); // every BatchNorm folded
    const image = rgbImage(80, 72, toHwc(bin('x'), 72, 80));
    const engine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
    for (const path of ['layer1', 'features']) {
      const layer = resolveLayer(net, path);
      const activation = (await engine.activations(image, [layer])).get(layer)!;
      expect(activation.shape).toEqual([8, 19, 21]);
      expect(relativeError(bin(path), activation.data), path).toBeLessThan(1e-5);
      const { gradient } = await engine.lossAndGradient(image, objectives.layer(layer));
      expect(relativeError(toHwc(bin(`${path}-grad`), 72, 80), gradient), path).toBeLessThan(1e-4);
    }
    await engine.dispose();
  });
});
