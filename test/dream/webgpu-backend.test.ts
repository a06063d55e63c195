import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import { forgetProbes, probeBackend, webGpuReason } from '../../src/dream/engines/probe.js';
import { fallbackLine, selectEngine, startEngine, BackendUnavailable } from '../../src/dream/engines/select-engine.js';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { buildGradientGraph, GRADIENT_OUTPUT, IMAGE_INPUT, scaleInput, shiftInput } from '../../src/dream/engines/ort/gradient-graph.js';
import { opCounts, rewriteForWebGpu, unsupportedOps } from '../../src/dream/engines/ort/webgpu-graph.js';
import { layerShapes } from '../../src/dream/network/shapes.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { conv, everyOpNet, randomImage, relativeError, tinyNet } from '../helpers/tiny-nets.js';

const cacheHome = mkdtempSync(join(tmpdir(), 'dreamreel-probe-cache-'));
const savedCacheHome = process.env.XDG_CACHE_HOME;
beforeAll(() => {
  process.env.XDG_CACHE_HOME = cacheHome;
  forgetProbes();
});
afterAll(() => {
  if (savedCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCacheHome;
  forgetProbes();
  rmSync(cacheHome, { recursive: true, force: true });
});

describe('the ort-webgpu probe, with the real onnxruntime-node here', () => {
  it('either finds an adapter whose engine matches ort-cpu, or says in one line that there is none', async () => {
    const probe = await probeBackend('ort-webgpu');
    const net = everyOpNet();
    if (probe.available) {
      // A machine with a GPU: the WebGPU engine's gradient equals the CPU engine's.
      const image = randomImage(25, 25);
      const gpu = await startEngine('ort-webgpu', net);
      const cpu = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
      const [a, b] = [await gpu.lossAndGradient(image, objectives.layer('s2')), await cpu.lossAndGradient(image, objectives.layer('s2'))];
      expect(relativeError(b.gradient, a.gradient)).toBeLessThan(1e-3);
      await Promise.all([gpu.dispose(), cpu.dispose()]);
      return;
    }
    expect(probe.reason).toMatch(/^no WebGPU adapter: .+|^the WebGPU provider did not start: .+|^the WebGPU adapter request did not answer/);
    expect(probe.reason).not.toContain('\n');
    await expect(startEngine('ort-webgpu', net)).rejects.toThrow(BackendUnavailable);
    const selection = await selectEngine(net);
    const { engine, skipped } = selection;
    expect(engine.name).toBe('ort-cpu');
    expect(skipped[0]).toBe(`ort-webgpu: ${probe.reason}`);
    // The probe above answered first, so this selection's answers are not news: no line.
    expect(selection.freshProbe).toBe(false);
    expect(fallbackLine(selection)).toBeUndefined();
    expect(fallbackLine({ ...selection, freshProbe: true })).toMatch(
      /^no GPU backend here \(ort-webgpu: .+; ort-cuda: .+; tfjs-node-gpu: .+\); using ort-cpu$/,
    );
    await engine.dispose();
  });

  it('keeps the answer per process and on disk, keyed by the driver, and asks again when that changes', async () => {
    forgetProbes();
    const first = await probeBackend('ort-webgpu');
    const again = await probeBackend('ort-webgpu');
    expect(again).toEqual({ ...first, source: 'process' });
    const file = join(cacheHome, 'dreamreel', 'backend-probes.json');
    expect(existsSync(file)).toBe(true);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { available: boolean }>;
    expect(Object.keys(stored).some((k) => k.startsWith('ort-webgpu|'))).toBe(true);

    forgetProbes();
    const fromDisk = await probeBackend('ort-webgpu');
    expect(fromDisk).toEqual({ ...first, source: 'disk' });

    forgetProbes();
    const otherDriver = await probeBackend('ort-webgpu', { ...process.env, VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(otherDriver.source).toBe('probe');
    forgetProbes();
  });

  it('treats a probe that does not answer in time as unavailable, without waiting for it: the hung child is killed', async () => {
    // A probe child that truly hangs: a module preloaded into it records its pid, then never lets it finish.
    const hang = join(cacheHome, 'hang.mjs');
    const pidFile = join(cacheHome, 'hung.pid');
    writeFileSync(
      hang,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nsetInterval(() => {}, 1000);\nawait new Promise(() => {});\n`,
    );
    const savedOptions = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${savedOptions ?? ''} --import ${pathToFileURL(hang).href}`.trim();
    forgetProbes();
    try {
      const probe = await probeBackend('ort-webgpu', { ...process.env, DREAMREEL_PROBE_TIMEOUT_MS: '1500', DREAMREEL_PROBE_CACHE: 'off' });
      // The child never answers by itself: that the probe returned at all means it did not wait for it.
      expect(probe).toEqual({ available: false, reason: 'the WebGPU adapter request did not answer within 1.5 s', source: 'probe' });
    } finally {
      if (savedOptions === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = savedOptions;
      forgetProbes();
    }
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    // And it was killed, not left hanging: its pid disappears (a generous deadline, polled).
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 200 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
  });
});

describe('the words of a failed WebGPU start', () => {
  it("turn ONNX Runtime's and Dawn's messages into one line", () => {
    const ortError =
      '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters\n';
    const dawn =
      'error: XDG_RUNTIME_DIR is invalid or not set in the environment.\nWarning: Vulkan shaderUniform*ArrayDynamicIndexing required.\n - While initializing adapter (backend=BackendType::Vulkan)\n';
    expect(webGpuReason(ortError, dawn)).toBe('no WebGPU adapter: No supported adapters (Dawn: Vulkan shaderUniform*ArrayDynamicIndexing required.)');
    expect(webGpuReason(ortError, '')).toBe('no WebGPU adapter: No supported adapters');
    expect(webGpuReason('/x/webgpu_context.cc:200 f() device_result was false. Failed to create a device\nmore', '')).toBe(
      'the WebGPU provider did not start: Failed to create a device',
    );
  });
});

describe('the WebGPU graph rewrite', () => {
  /** Runs a linear-mode gradient graph on the CPU provider; returns the image gradient. */
  async function run(bytes: Uint8Array, layer: string, net = everyOpNet()): Promise<Float32Array> {
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
    const image = randomImage(25, 25);
    const [c] = layerShapes(net, [layer], 25, 25).get(layer)!;
    const feeds = {
      [IMAGE_INPUT]: new ort.Tensor('float32', image.data, [1, 25, 25, 3]),
      [scaleInput(layer)]: new ort.Tensor('float32', new Float32Array(c).fill(1), [1, c, 1, 1]),
      [shiftInput(layer)]: new ort.Tensor('float32', new Float32Array(c).fill(0.5), [1, c, 1, 1]),
    };
    const out = (await session.run(feeds))[GRADIENT_OUTPUT]!.data as Float32Array;
    await session.release();
    return out;
  }

  it('replaces Sum, And and identity pools with ops the WebGPU provider has, and computes the same gradient', async () => {
    const net = everyOpNet();
    const { bytes } = buildGradientGraph({ network: net, layers: ['avg'], height: 25, width: 25, mode: 'linear' });
    const rewritten = rewriteForWebGpu(bytes);
    expect([...unsupportedOps(bytes).keys()].sort()).toEqual(['And', 'ConstantOfShape', 'MaxPool(indices)', 'ScatterElements', 'Sum']);
    // The pool not after a ReLU still routes its gradient by indices, which WebGPU lacks.
    expect([...unsupportedOps(rewritten).keys()].sort()).toEqual(['ConstantOfShape', 'MaxPool(indices)', 'ScatterElements']);
    expect(opCounts(rewritten).get('Identity')).toBeGreaterThan(0);
    expect(relativeError(await run(bytes, 'avg'), await run(rewritten, 'avg'))).toBeLessThan(1e-6);
  });

  it('leaves a clipped-ReLU net with no op the WebGPU provider lacks', async () => {
    const net = tinyNet([
      ['c', ['data'], conv(3, 8, 3, { pads: [1, 1, 1, 1] })],
      ['r6', ['c'], { kind: 'relu', max: 6 }],
      ['d', ['r6'], conv(8, 8, 3, { pads: [1, 1, 1, 1], groups: 8 })],
      ['r', ['d', 'c'], { kind: 'add' }],
    ]);
    const { bytes } = buildGradientGraph({ network: net, layers: ['r'], height: 25, width: 25, mode: 'linear' });
    const rewritten = rewriteForWebGpu(bytes);
    expect(unsupportedOps(rewritten).size).toBe(0);
    expect(relativeError(await run(bytes, 'r', net), await run(rewritten, 'r', net))).toBeLessThan(1e-6);
  });
});
