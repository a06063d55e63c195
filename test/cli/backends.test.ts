import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { hasShared, MODELS } from '../helpers/shared.js';
import { forgetProbes } from '../../src/dream/engines/probe.js';

const dir = mkdtempSync(join(tmpdir(), 'dreamreel-backends-'));
const saved = { cache: process.env.XDG_CACHE_HOME, models: process.env.DREAMREEL_MODELS };
process.env.XDG_CACHE_HOME = join(dir, 'cache');
forgetProbes();

/**
 * What this machine has, found without dreamreel's code: on Linux a GPU that WebGPU (Vulkan) or
 * CUDA can reach shows up as a DRM render node or an NVIDIA device file.
 */
const gpuDevice = (existsSync('/dev/dri') && readdirSync('/dev/dri').some((f) => f.startsWith('renderD'))) || existsSync('/dev/nvidia0');
const installed = (pkg: string): boolean => existsSync(join(process.cwd(), 'node_modules', pkg, 'package.json'));
/** How a WebGPU start that found no adapter is worded (probe.ts's three cases). */
const NO_WEBGPU = /^(no WebGPU adapter: .+|the WebGPU provider did not start: .+|the WebGPU adapter request did not answer within .+)$/;
if (gpuDevice) console.log('backends.test: a GPU device is present; the no-GPU expectations are skipped');
beforeAll(() => {
  process.env.DREAMREEL_MODELS = MODELS;
});
afterAll(() => {
  for (const [key, value] of [
    ['XDG_CACHE_HOME', saved.cache],
    ['DREAMREEL_MODELS', saved.models],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  forgetProbes();
  rmSync(dir, { recursive: true, force: true });
});

describe('GPU backends from the command line', () => {
  it('dreamreel backends lists every backend in the order tried, whether it runs here, and why not', async () => {
    const { code, stdout } = await cli(['backends']);
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => /^(\S+)\s+(yes|no|runs, not chosen:)\s*(.*)$/.exec(l)!);
    expect(rows.map((r) => r[1])).toEqual(['ort-webgpu', 'ort-cuda', 'tfjs-node-gpu', 'ort-cpu', 'tfjs-node', 'tfjs-wasm', 'tfjs-cpu']);
    const row = (name: string) => rows.find((r) => r[1] === name)!;
    expect(row('ort-cpu')[2]).toBe('yes');
    expect(row('tfjs-wasm')[2]).toBe('yes');
    expect(row('tfjs-cpu')[2]).toBe('yes');
    for (const r of rows.filter((r) => r[2] === 'no')) expect(r[3]!.length).toBeGreaterThan(10);
    // A package that is not installed cannot be available.
    if (!installed('@tensorflow/tfjs-node')) expect(row('tfjs-node')[2]).toBe('no');
    if (!installed('@tensorflow/tfjs-node-gpu')) expect(row('tfjs-node-gpu')[2]).toBe('no');
    if (!gpuDevice) {
      // No GPU device: no GPU backend, and ort-cpu (the first CPU backend) is the default.
      for (const gpu of ['ort-webgpu', 'ort-cuda', 'tfjs-node-gpu']) expect(row(gpu)[2], gpu).toBe('no');
      expect(row('ort-webgpu')[3]).toMatch(NO_WEBGPU);
      expect(row('ort-cpu')[3]).toBe('(default here)');
    }
    // The first available backend is the default, and only it.
    expect(rows.find((r) => r[2] === 'yes')![3]).toBe('(default here)');
    expect(rows.filter((r) => r[3] === '(default here)')).toHaveLength(1);
  });

  it.runIf(hasShared && !gpuDevice)('--backend ort-webgpu without an adapter fails with one line and exit code 1, writing nothing', async () => {
    const out = join(dir, 'never.png');
    const { code, stderr } = await cli([
      'image',
      '--start',
      'grey',
      '--size',
      '48',
      '-o',
      out,
      '--model',
      'mobilenet_v1_0.25',
      '-l',
      'conv_pw_3_relu',
      '--backend',
      'ort-webgpu',
    ]);
    expect(stderr.split('\n')).toEqual([expect.stringMatching(/^dreamreel: /), '']);
    expect(stderr.slice('dreamreel: '.length).trim()).toMatch(NO_WEBGPU);
    expect(code).toBe(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('never'))).toEqual([]);
  });

  it.runIf(hasShared && !gpuDevice)('without --backend, falls back to ort-cpu and says why in one line once per probe, not on every run', async () => {
    const run = (name: string) =>
      cli([
        'image',
        '--start',
        'grey',
        '--size',
        '48',
        '-o',
        join(dir, name),
        '--model',
        'mobilenet_v1_0.25',
        '-l',
        'conv_pw_3_relu',
        '--octaves',
        '1',
        '--steps',
        '1',
      ]);
    // A new process with no cached answer: the probe is made, and its answer said.
    rmSync(join(dir, 'cache'), { recursive: true, force: true });
    forgetProbes();
    const first = await run('fallback.png');
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stderr.split('\n').filter((l) => l.startsWith('no GPU backend here'));
    expect(lines).toEqual([
      expect.stringMatching(
        /^no GPU backend here \(ort-webgpu: (no WebGPU adapter|the WebGPU provider did not start|the WebGPU adapter request did not answer).+; ort-cuda: .+; tfjs-node-gpu: .+\); using ort-cpu$/,
      ),
    ]);
    expect(first.stderr).toContain('backend ort-cpu');
    expect(readdirSync(dir)).toContain('fallback.png');
    // The next process reads the cached answer: nothing about GPUs.
    forgetProbes();
    const second = await run('fallback-2.png');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/GPU/);
    expect(second.stderr).toContain('backend ort-cpu');
  });
});
