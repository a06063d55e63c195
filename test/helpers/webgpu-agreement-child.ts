/**
 * Run by test/dream/webgpu-swiftshader.test.ts in a child process whose Vulkan driver is
 * SwiftShader (ort-webgpu then gets a software adapter): the same fused steps on ort-webgpu
 * and ort-cpu for each case in argv[2] (JSON), printed as one JSON line.
 */
import * as ort from 'onnxruntime-node';
import { startEngine } from '../../src/dream/engines/select-engine.js';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { fusedAgreement } from '../../src/dream/engines/engine-agreement.js';
import { loadModel } from '../../src/dream/models/load-model.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { photo } from './shared.js';

interface Case {
  readonly model: string;
  readonly layer: string;
  readonly size: number;
  readonly steps: number;
  /** Steps flip at random too (the fused step then reorders columns by indices). */
  readonly flip?: boolean;
}

const cases = JSON.parse(process.argv[2]!) as Case[];
const results = [];
for (const c of cases) {
  const network = await loadModel(c.model);
  const gpu = await startEngine('ort-webgpu', network);
  const cpu = new OrtEngine(ort, network, { device: 'cpu' });
  const source = await photo('chelsea.png', c.size, c.size);
  const { correlation, runs } = await fusedAgreement(gpu, cpu, source, objectives.layer(c.layer), c.steps, { flip: c.flip ?? false });
  results.push({ ...c, engine: gpu.name, correlation, losses: runs.map((r) => r.losses), ms: runs.map((r) => r.ms) });
  await Promise.all([gpu.dispose(), cpu.dispose()]);
}
console.log(JSON.stringify(results));
