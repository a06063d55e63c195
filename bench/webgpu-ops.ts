/**
 * npx tsx bench/webgpu-ops.ts: which op types the generated dream graphs use, and which of
 * them ONNX Runtime's WebGPU provider has no kernel for, before and after the WebGPU rewrite
 * (src/dream/engines/ort/webgpu-graph.ts). Real models from ../shared/models.
 */
import { loadModel } from '../src/dream/models/load-model.js';
import { buildGradientGraph } from '../src/dream/engines/ort/gradient-graph.js';
import { opCounts, rewriteForWebGpu, unsupportedOps } from '../src/dream/engines/ort/webgpu-graph.js';

const cases = [
  { path: '../shared/models/bvlc_googlenet', layers: ['inception_4c/output'] },
  { path: '../shared/models/bvlc_googlenet', layers: ['inception_3b/output', 'inception_5b/output'] },
  { path: '../shared/models/mobilenet_v1_0.25_224', layers: ['conv_pw_7_relu'] },
];
const show = (m: Map<string, number>): string =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

for (const { path, layers } of cases) {
  const network = await loadModel(path);
  for (const mode of ['linear', 'seeded'] as const) {
    const { bytes } = buildGradientGraph({ network, layers, height: 224, width: 224, mode });
    const rewritten = rewriteForWebGpu(bytes);
    console.log(`${network.name} -> ${layers.join('+')} (${mode})`);
    console.log(`  ops:                 ${show(opCounts(bytes))}`);
    console.log(`  no WebGPU kernel:    ${show(unsupportedOps(bytes))}`);
    console.log(`  after the rewrite:   ${show(unsupportedOps(rewritten))}`);
  }
}
