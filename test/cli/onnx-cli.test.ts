import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dream/models/load-model.js';
import { resolveLayer } from '../../src/dream/network/graph.js';
import { cli } from '../helpers/cli.js';
import { workDir } from '../helpers/clips.js';
import { everyOnnxOpModel } from '../helpers/onnx-models.js';

describe('ONNX files on the command line', () => {
  const dir = workDir();
  const model = join(dir, 'tiny.onnx');
  writeFileSync(model, everyOnnxOpModel(16).bytes);

  it('models layers lists module paths first, with channels and size at --size', async () => {
    const { code, stdout } = await cli(['models', 'layers', model, '--size', '25']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('module paths:');
    expect(lines[1]).toMatch(/^norm\s+affine\s+3 channels, 25x25$/);
    expect(lines.find((l) => l.startsWith('mixed '))).toMatch(/mixed\s+affine\s+10 channels, 7x7/);
    expect(lines.find((l) => l.startsWith('aux '))).toMatch(/\(not at 25x25\)/);
    expect(lines).toContain('all nodes:');
  });

  it('a sidecar beside the file fixes preprocessing and names good layers; flags still win', async () => {
    const sidecarModel = join(dir, 'withsidecar.onnx');
    writeFileSync(sidecarModel, everyOnnxOpModel(16).bytes);
    writeFileSync(join(dir, 'withsidecar.dreamreel.json'), JSON.stringify({ preprocess: 'caffe', layers: ['b1', 'mixed'] }));
    const net = await loadModel(sidecarModel);
    expect(net.preprocess).toEqual({ channelOrder: 'BGR', scale: [255, 255, 255], offset: [-104, -117, -123] });
    expect(net.suggestedLayers).toEqual([resolveLayer(net, 'b1'), resolveLayer(net, 'mixed')]);
    const explicit = await loadModel(sidecarModel, { preprocess: { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] } });
    expect(explicit.preprocess).toEqual({ channelOrder: 'BGR', scale: [1020, 1020, 1020], offset: [-2, -2, -2] });
  });

  it('a bad sidecar, an unknown --preprocess and an undreamable layer each get one line and exit 1', async () => {
    const bad = join(dir, 'bad.onnx');
    writeFileSync(bad, everyOnnxOpModel(16).bytes);
    writeFileSync(join(dir, 'bad.dreamreel.json'), JSON.stringify({ preprocess: 'keras' }));
    const out = join(dir, 'x.png');
    const sidecar = await cli(['image', '--start', 'grey', '--size', '32', '-o', out, '-m', bad]);
    expect(sidecar).toMatchObject({
      code: 1,
      stderr: `dreamreel: ${join(dir, 'bad.dreamreel.json')}: Expected one of torch, caffe, tf for preprocess but received "keras"\n`,
    });
    const flag = await cli(['image', '--start', 'grey', '--size', '32', '-o', out, '-m', model, '--mean', '0.5,0.5']);
    expect(flag).toMatchObject({
      code: 1,
      stderr: 'dreamreel: Expected three numbers between -1000 and 1000 such as 0.485,0.456,0.406 for --mean but received "0.5,0.5"\n',
    });
    const layer = await cli(['image', '--start', 'grey', '--size', '32', '-o', out, '-m', model, '-l', 'odd']);
    expect(layer.code).toBe(1);
    expect(layer.stderr).toMatch(
      /^dreamreel: layer "odd" cannot be dreamed: ONNX node "\/odd\/Erf__\d+" \(Erf\) cannot run in dreamreel; the nearest layer that can be dreamed is \/mixed\/Mul__\d+\n$/,
    );
  });

  it('dreams with a module path from the command line', async () => {
    const out = join(dir, 'dream.png');
    const { code, stdout } = await cli([
      'image',
      '--start',
      'noise',
      '--size',
      '32',
      '-o',
      out,
      '-m',
      model,
      '-l',
      'b1:1,b2:0.5',
      '--octaves',
      '1',
      '--steps',
      '2',
      '--backend',
      'ort-cpu',
      '--json',
    ]);
    expect(code).toBe(0);
    const start = JSON.parse(stdout.split('\n')[0]!) as { objective: string };
    expect(start.objective).toMatch(/^mean\(\/mixed\/b1\/Clip__\d+²\) \+ 0\.5·mean\(\/mixed\/b2\/Sigmoid__\d+²\)$/);
  });
});
