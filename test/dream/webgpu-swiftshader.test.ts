import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImage } from '../../src/pipeline/image-io.js';
import type { RgbImage } from '../../src/image/image.js';
import { framesOf, run } from '../faults/helpers-pipeline.js';
import { testClip } from '../helpers/clips.js';
import { hasShared, IMAGES, MODELS } from '../helpers/shared.js';
import { onSwiftShader, swiftShaderIcd, swiftShaderMissing } from '../helpers/swiftshader.js';

/**
 * The GPU code path (ort-webgpu: ONNX Runtime's bundled Dawn) on SwiftShader, a Vulkan driver
 * that runs on the CPU, so it is checked for correctness on machines without a GPU. Every GPU
 * run is a child process with SwiftShader as its only Vulkan driver. SwiftShader runs a fused
 * GoogLeNet step at 32x32 in about 1.5 s and MobileNet 0.25 at 64x64 in about 0.4 s (plus
 * about 10 s to build the first session's shaders), so the cases stay that small: about a
 * minute for the file on 2 idle cores. The deadlines are generous (15 min a test) because a
 * loaded machine slows SwiftShader tenfold.
 */
if (swiftShaderMissing) console.log(`webgpu-swiftshader: skipped: ${swiftShaderMissing}`);
if (!hasShared) console.log('webgpu-swiftshader: skipped: ../shared/models is not here');
const ready = swiftShaderIcd !== undefined && hasShared;

const dir = mkdtempSync(join(tmpdir(), 'dreamreel-swiftshader-'));
// Each child gets its own probe cache: the answer on SwiftShader is not this machine's.
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => onSwiftShader({ XDG_CACHE_HOME: join(dir, 'cache'), DREAMREEL_ORT_STRICT: '1', ...extra });
const children = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  // A test that ran past its deadline leaves no SwiftShader child behind.
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** The agreement child (test/helpers/webgpu-agreement-child.ts): one JSON line of results. */
function agreement(cases: object[]): Promise<{ correlation: number; engine: string; losses: number[][]; ms: number[][] }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/webgpu-agreement-child.ts', JSON.stringify(cases)], {
      env: { ...process.env, ...env() },
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').at(-1)!)) : reject(new Error(`exit ${code}: ${stderr.slice(-2000)}`)),
    );
  });
}

function psnr(a: RgbImage, b: RgbImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += (a.data[i]! - b.data[i]!) ** 2;
  return 10 * Math.log10(1 / (sum / a.data.length));
}

/** The plain reporter's last "loss N" of a run. */
const lastLoss = (stderr: string): number => Number([...stderr.matchAll(/loss (-?[\d.]+)/g)].at(-1)?.[1]);

describe.runIf(ready)('ort-webgpu on the SwiftShader software adapter', () => {
  it("runs GoogLeNet's and MobileNet's fused steps with no CPU fallback, and they change the picture as ort-cpu's do", async () => {
    // DREAMREEL_ORT_STRICT=1 in the child: a node the WebGPU provider lacks fails the session.
    const results = await agreement([
      { model: `${MODELS}/bvlc_googlenet`, layer: 'inception_3b/output', size: 32, steps: 2 },
      { model: `${MODELS}/mobilenet_v1_0.25_224`, layer: 'conv_pw_3_relu', size: 64, steps: 3 },
      { model: `${MODELS}/mobilenet_v1_0.25_224`, layer: 'conv_pw_3_relu', size: 64, steps: 4, flip: true },
    ]);
    for (const r of results) {
      console.log(`webgpu-swiftshader: ${JSON.stringify({ ...r, ms: r.ms.map((m) => m.map(Math.round)) })}`);
      expect(r.engine).toBe('ort-webgpu');
      expect(r.correlation).toBeGreaterThanOrEqual(0.999);
      for (const [i, loss] of r.losses[0]!.entries()) expect(Math.abs(loss - r.losses[1]![i]!) / Math.abs(r.losses[1]![i]!)).toBeLessThan(0.01);
    }
  }, 900_000);

  it('dreams a small picture with `dreamreel image` as ort-cpu does (PSNR >= 30 dB, loss within 1%), and warns once that the adapter is a software one', async () => {
    const args = (backend: string, out: string) => [
      'image',
      `${IMAGES}/chelsea.png`,
      '-o',
      out,
      '--size',
      '64',
      '--octaves',
      '2',
      '--steps',
      '4',
      '--seed',
      '3',
      '--model',
      'mobilenet_v1_0.25',
      '-l',
      'conv_pw_3_relu',
      '--plain',
      '--backend',
      backend,
    ];
    const [gpuOut, cpuOut] = [join(dir, 'gpu.png'), join(dir, 'cpu.png')];
    const gpu = await run(args('ort-webgpu', gpuOut), env());
    expect(gpu.code, gpu.stderr).toBe(0);
    expect(gpu.stderr.split('\n').filter((l) => l.startsWith('dreamreel: warning: ort-webgpu'))).toEqual([
      'dreamreel: warning: ort-webgpu runs here on a software adapter (SwiftShader), slower than ort-cpu',
    ]);
    const cpu = await run(args('ort-cpu', cpuOut), env());
    expect(cpu.code, cpu.stderr).toBe(0);
    const [a, b] = [await readImage(gpuOut), await readImage(cpuOut)];
    expect(psnr(a, b)).toBeGreaterThanOrEqual(30);
    const [lossGpu, lossCpu] = [lastLoss(gpu.stderr), lastLoss(cpu.stderr)];
    console.log(`webgpu-swiftshader: image 64x64, 2 octaves x 4 steps: ${psnr(a, b).toFixed(1)} dB from ort-cpu's, loss ${lossGpu} against ${lossCpu}`);
    expect(Number.isFinite(lossGpu) && Number.isFinite(lossCpu)).toBe(true);
    expect(Math.abs(lossGpu - lossCpu) / Math.abs(lossCpu)).toBeLessThan(0.01);
  }, 900_000);

  it('is never chosen by default there: a plain run uses ort-cpu, and `backends` says why', async () => {
    const backends = await run(['backends'], env());
    expect(backends.stdout).toMatch(/^ort-webgpu +runs, not chosen: software adapter \(SwiftShader\), slower than ort-cpu$/m);
    expect(backends.stdout).toMatch(/^ort-cpu +yes {2}\(default here\)$/m);
    const plain = await run(
      [
        'image',
        '--start',
        'grey',
        '--size',
        '48',
        '-o',
        join(dir, 'plain.png'),
        '--model',
        'mobilenet_v1_0.25',
        '-l',
        'conv_pw_3_relu',
        '--octaves',
        '1',
        '--steps',
        '1',
        '--plain',
      ],
      env(),
    );
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain('backend ort-cpu');
    // The answer was cached by `backends`: nothing about GPUs.
    expect(plain.stderr).not.toMatch(/GPU|webgpu/);
  }, 600_000);

  it('renders a few frames of a clip on ort-webgpu, every frame in the output', async () => {
    const clip = testClip(dir, { frames: 3, fps: 6, size: '64x48', audio: false });
    const out = join(dir, 'webgpu.mp4');
    const { code, stderr } = await run(
      [
        'render',
        clip,
        '-o',
        out,
        '--size',
        '64',
        '--octaves',
        '1',
        '--steps',
        '2',
        '--steps-next',
        '1',
        '--model',
        'mobilenet_v1_0.25',
        '-l',
        'conv_pw_3_relu',
        '--plain',
        '--backend',
        'ort-webgpu',
      ],
      env(),
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('backend ort-webgpu');
    expect(framesOf(out)).toBe(3);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  }, 900_000);
});
