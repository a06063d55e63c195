#!/usr/bin/env node
/**
 * The GPU measurement, in one run, on the built dist/ (see scripts/gpu-kit.sh, README: GPU).
 * Prints, for ort-webgpu (and ort-cuda where it starts) against ort-cpu on the same machine:
 * - whether every node of the dream graph runs on the GPU (CPU fallback disabled);
 * - ms per GoogLeNet step (forward + input gradient, inception_4c/output) at 224², 512²,
 *   1024², 2048², and the GPU's speed-up over ort-cpu;
 * - one whole `image` dream at 1024² (default octaves and steps);
 * - frames/min at 640x360 and 1280x720: a real `render` where ffmpeg is on PATH, else the dream
 *   part of the frames alone (first frame default, then 1 octave x 5 steps), said so;
 * - PSNR of the GPU's dream against the CPU's, same seed, 224², GoogLeNet and MobileNet 0.25.
 * The correctness checks of test/dream/webgpu-swiftshader.test.ts come first, each a PASS or
 * FAIL line: the fused step against ort-cpu's (correlation of the change >= 0.999, losses
 * within 1%), every node on the device, the whole dream (PSNR >= 30 dB, loss within 1%), a
 * render's frame count (ffprobe). One run gives correctness and speed.
 * GoogLeNet's weights come from DREAMREEL_GOOGLENET (a folder with deploy.prototxt and,
 * if carried, weights/), generated there with a fixed seed when absent: speed does not depend
 * on their values. MobileNet 0.25 (real weights) is read from DREAMREEL_MODELS.
 * Env: GPU_MEASURE_SIDES (default 224,512,1024,2048), GPU_MEASURE_QUICK=1 (tiny run, for a
 * CPU-only check of the kit), GPU_MEASURE_CHECKS_ONLY=1 (the checks, no speed figures), GPU_MEASURE_BACKENDS (default ort-webgpu,ort-cuda; another
 * backend named there stands in for the GPU), GPU_MEASURE_JSON (file to write the figures to).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(join(root, 'dist', p));
const { startEngine } = await dist('dream/engines/select-engine.js');
const { probeBackend } = await dist('dream/engines/probe.js');
const { caffeNetwork, CAFFE_IMAGENET_PREPROCESS } = await dist('dream/models/caffe/caffe-network.js');
const { caffeWeightFolder } = await dist('dream/models/caffe/weight-folder.js');
const { loadModel } = await dist('dream/models/load-model.js');
const { objectives } = await dist('dream/objectives/index.js');
const { dream } = await dist('dream/ascent.js');
const { DEFAULT_DREAM } = await dist('dream/settings.js');
const { rgbImage } = await dist('image/image.js');
const { fusedAgreement } = await dist('dream/engines/engine-agreement.js');

const quick = process.env.GPU_MEASURE_QUICK === '1';
const sides = (process.env.GPU_MEASURE_SIDES ?? (quick ? '64,96' : '224,512,1024,2048')).split(',').map(Number);
const figures = { machine: {}, checks: {}, steps: {}, image: {}, frames: {}, psnr: {}, placement: {} };
/** Prints a line, and rewrites the figures so far: a run cut short by its time limit still leaves them. */
const say = (line) => {
  console.log(line);
  if (process.env.GPU_MEASURE_JSON) writeFileSync(process.env.GPU_MEASURE_JSON, JSON.stringify(figures, null, 1));
};

function machine() {
  const ort = JSON.parse(readFileSync(join(root, 'node_modules/onnxruntime-node/package.json'), 'utf8')).version;
  const smi = spawnSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], { encoding: 'utf8' });
  const ffmpeg = spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' });
  figures.machine = {
    node: process.version,
    onnxruntime: ort,
    cpus: `${availableParallelism()} x ${cpus()[0]?.model ?? '?'}`,
    gpu: smi.status === 0 ? smi.stdout.trim() : 'nvidia-smi absent',
    ffmpeg: ffmpeg.status === 0,
  };
  say(`machine: ${JSON.stringify(figures.machine)}`);
}

/** Fixed-seed pseudo-random numbers (mulberry32). */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** He-scaled random weights in Caffe's layout; GoogLeNet's one inner product takes 1024 inputs. */
function generatedWeights() {
  const r = random(1);
  return {
    blobs(_layer, expected) {
      return expected.map((shape, i) => {
        const dims = shape.map((d) => (d === -1 ? 1024 : d));
        const n = dims.reduce((a, b) => a * b, 1);
        const scale = i === 0 ? Math.sqrt(6 / (n / dims[0])) : 0.01;
        return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
      });
    },
  };
}

function googlenet() {
  const dir = process.env.DREAMREEL_GOOGLENET ?? join(root, '../models/bvlc_googlenet');
  const prototxt = readFileSync(join(dir, 'deploy.prototxt'), 'utf8');
  const real = existsSync(join(dir, 'weights'));
  say(`GoogLeNet weights: ${real ? 'real (carried)' : 'generated here (speed only)'}`);
  return caffeNetwork(prototxt, real ? caffeWeightFolder(join(dir, 'weights')) : generatedWeights(), {
    name: 'bvlc_googlenet',
    preprocess: CAFFE_IMAGENET_PREPROCESS,
    suggestedLayers: ['inception_4c/output'],
  });
}

function picture(width, height, seed = 3) {
  const r = random(seed);
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = 0.5 + 0.25 * Math.sin(x / (9 + 4 * c) + y / 13) + 0.1 * r();
  return rgbImage(width, height, data);
}

async function median(fn, repeats) {
  await fn();
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const began = performance.now();
    await fn();
    times.push(performance.now() - began);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** Every node on the GPU? A session with CPU fallback disabled says. */
async function placement(backend, net, layer) {
  process.env.DREAMREEL_ORT_STRICT = '1';
  try {
    const engine = await startEngine(backend, net);
    await engine.lossAndGradient(picture(96, 96), objectives.layer(layer));
    await engine.dispose();
    return 'every node on the device';
  } catch (e) {
    return `not all on the device: ${String(e.message).split('\n')[0].slice(0, 300)}`;
  } finally {
    delete process.env.DREAMREEL_ORT_STRICT;
  }
}

async function stepTimes(backends, net) {
  const objective = objectives.layer('inception_4c/output');
  for (const side of sides) {
    const row = {};
    for (const backend of backends) {
      const engine = await startEngine(backend, net);
      const image = picture(side, side);
      const repeats = backend === 'ort-cpu' ? (side >= 1024 ? 3 : 5) : 10;
      row[backend] = await median(() => engine.lossAndGradient(image, objective), repeats);
      await engine.dispose();
    }
    figures.steps[side] = row;
    const gpu = backends.find((b) => b !== 'ort-cpu');
    const ratio = gpu ? `, ${gpu} ${(row['ort-cpu'] / row[gpu]).toFixed(1)}x faster` : '';
    say(`GoogLeNet step ${side}²: ${backends.map((b) => `${b} ${row[b].toFixed(1)} ms`).join(', ')}${ratio}`);
  }
}

async function wholeImage(backends, net) {
  const side = quick ? 96 : 1024;
  for (const backend of backends) {
    const engine = await startEngine(backend, net);
    const began = performance.now();
    await dream(engine, picture(side, side), objectives.layer('inception_4c/output'), DEFAULT_DREAM);
    figures.image[backend] = (performance.now() - began) / 1000;
    say(`whole image ${side}² (${DEFAULT_DREAM.octaves} octaves x ${DEFAULT_DREAM.steps} steps) on ${backend}: ${figures.image[backend].toFixed(2)} s`);
    await engine.dispose();
  }
}

/** The dream part of a render: frame 1 at the defaults, then each frame 1 octave x 5 steps. */
async function dreamFrames(backend, net, width, height, frames) {
  const engine = await startEngine(backend, net);
  const objective = objectives.layer('inception_4c/output');
  const began = performance.now();
  let frame = await dream(engine, picture(width, height), objective, DEFAULT_DREAM);
  for (let i = 1; i < frames; i++) frame = await dream(engine, frame, objective, { ...DEFAULT_DREAM, octaves: 1, steps: 5, seed: i });
  await engine.dispose();
  return (frames / (performance.now() - began)) * 60000;
}

/** A real render through the CLI on a generated clip (needs ffmpeg). */
function renderFrames(backend, width, height, frames) {
  const clip = join(process.env.TMPDIR ?? '/tmp', `gpu-measure-${width}.mp4`);
  spawnSync('ffmpeg', [
    '-y',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=24`,
    '-frames:v',
    String(frames),
    '-pix_fmt',
    'yuv420p',
    clip,
  ]);
  const began = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'dist/cli/main.js'),
      'render',
      clip,
      '-o',
      clip.replace('.mp4', '-dream.mp4'),
      '--size',
      `${width}x${height}`,
      '--backend',
      backend,
      '--model',
      'googlenet',
    ],
    { encoding: 'utf8', env: { ...process.env, CI: 'true' } },
  );
  if (run.status !== 0) return `render failed: ${run.stderr.trim().split('\n').pop()}`;
  return (frames / (performance.now() - began)) * 60000;
}

async function framesPerMinute(backends, net) {
  const sizes = quick
    ? [[64, 36]]
    : [
        [640, 360],
        [1280, 720],
      ];
  const frames = quick ? 2 : 12;
  const real = figures.machine.ffmpeg && !quick && existsSync(join(process.env.DREAMREEL_MODELS ?? '', 'bvlc_googlenet/weights'));
  for (const [w, h] of sizes) {
    for (const backend of backends) {
      const fpm = real ? renderFrames(backend, w, h, frames) : await dreamFrames(backend, net, w, h, frames);
      figures.frames[`${w}x${h} ${backend}`] = fpm;
      say(
        `${w}x${h}, ${frames} frames on ${backend}: ${typeof fpm === 'number' ? `${fpm.toFixed(1)} frames/min` : fpm} (${real ? 'whole render' : 'dream part only: no ffmpeg or no real GoogLeNet here'})`,
      );
    }
  }
}

function psnr(a, b) {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i] - b[i]) ** 2;
  return 10 * Math.log10(1 / Math.max(se / a.length, 1e-20));
}

/** One correctness check's verdict, kept with the figures. */
function check(name, pass, detail) {
  figures.checks[name] = { pass, detail };
  say(`${pass ? 'PASS' : 'FAIL'} ${name}: ${detail}`);
}

const within = (a, b, tolerance) => Math.abs(a - b) <= tolerance * Math.abs(b);

async function precision(gpu, net, name, layer) {
  const side = quick ? 64 : 224;
  const dreamed = {};
  const losses = {};
  for (const backend of [gpu, 'ort-cpu']) {
    const engine = await startEngine(backend, net);
    dreamed[backend] = (
      await dream(
        engine,
        picture(side, side),
        objectives.layer(layer),
        { ...DEFAULT_DREAM, seed: 5, ...(quick ? { octaves: 2, steps: 3 } : {}) },
        { onStep: (e) => (losses[backend] = e.loss) },
      )
    ).data;
    await engine.dispose();
  }
  const db = psnr(dreamed[gpu], dreamed['ort-cpu']);
  figures.psnr[`${name} ${gpu}`] = db;
  check(
    `${gpu} whole dream, ${name} ${side}²`,
    db >= 30 && within(losses[gpu], losses['ort-cpu'], 0.01),
    `PSNR ${db.toFixed(1)} dB from ort-cpu's (>= 30), last loss ${losses[gpu].toFixed(3)} against ${losses['ort-cpu'].toFixed(3)} (within 1%)`,
  );
}

/** The fused step on the GPU against ort-cpu's: same picture, seed and transforms. */
async function fusedCheck(gpu, net, name, layer) {
  const side = quick ? 64 : 224;
  // Strict: a node the GPU provider lacks fails the session instead of running on the CPU.
  process.env.DREAMREEL_ORT_STRICT = '1';
  const [a, b] = [await startEngine(gpu, net), await startEngine('ort-cpu', net)];
  const { correlation, runs } = await fusedAgreement(a, b, picture(side, side), objectives.layer(layer), 3).finally(
    () => delete process.env.DREAMREEL_ORT_STRICT,
  );
  await Promise.all([a.dispose(), b.dispose()]);
  const lossesAgree = runs[0].losses.every((l, i) => within(l, runs[1].losses[i], 0.01));
  check(
    `${gpu} fused step, ${name} ${side}²`,
    correlation >= 0.999 && lossesAgree,
    `correlation of the change ${correlation.toFixed(6)} (>= 0.999), losses ${runs[0].losses.map((l) => l.toFixed(3)).join(',')} against ${runs[1].losses.map((l) => l.toFixed(3)).join(',')}`,
  );
}

/** A few frames of a real render on the GPU: every frame in the output (ffprobe). */
function renderCheck(gpu) {
  if (!figures.machine.ffmpeg) return say(`render check on ${gpu} skipped: no ffmpeg on PATH`);
  const clip = join(process.env.TMPDIR ?? '/tmp', 'gpu-check.mp4');
  spawnSync('ffmpeg', ['-y', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x96:rate=12', '-frames:v', '4', '-pix_fmt', 'yuv420p', clip]);
  const out = clip.replace('.mp4', '-dream.mp4');
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'dist/cli/main.js'),
      'render',
      clip,
      '-o',
      out,
      '--backend',
      gpu,
      '--model',
      'mobilenet_v1_0.25',
      '-l',
      'conv_pw_3_relu',
      '--octaves',
      '2',
      '--steps',
      '3',
      '--steps-next',
      '2',
      '--plain',
    ],
    { encoding: 'utf8', env: { ...process.env, CI: 'true' } },
  );
  const count = spawnSync(
    'ffprobe',
    ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', out],
    { encoding: 'utf8' },
  );
  const frames = Number(count.stdout.trim());
  check(
    `${gpu} render`,
    run.status === 0 && frames === 4,
    run.status === 0 ? `${frames} of 4 frames` : `exit ${run.status}: ${run.stderr.trim().split('\n').pop()}`,
  );
}

machine();
const gpus = [];
for (const b of (process.env.GPU_MEASURE_BACKENDS ?? 'ort-webgpu,ort-cuda').split(',')) {
  // Any other backend named here stands in for a GPU (a CPU-only check of this script).
  const probe = b === 'ort-webgpu' || b === 'ort-cuda' ? await probeBackend(b) : { available: true };
  say(`${b}: ${probe.available ? `available${probe.notChosen ? ` (not chosen by default: ${probe.notChosen})` : ''}` : `unavailable: ${probe.reason}`}`);
  if (probe.available) gpus.push(b);
}
const net = googlenet();
const mobilenet = await loadModel('mobilenet_v1_0.25');
for (const gpu of gpus) {
  figures.placement[gpu] = { googlenet: await placement(gpu, net, 'inception_4c/output'), mobilenet: await placement(gpu, mobilenet, 'conv_pw_7_relu') };
  check(
    `${gpu} placement`,
    Object.values(figures.placement[gpu]).every((p) => p === 'every node on the device'),
    JSON.stringify(figures.placement[gpu]),
  );
  await fusedCheck(gpu, mobilenet, 'MobileNet 0.25', 'conv_pw_7_relu');
  await fusedCheck(gpu, net, 'GoogLeNet', 'inception_4c/output');
  renderCheck(gpu);
  await precision(gpu, mobilenet, 'MobileNet 0.25', 'conv_pw_7_relu');
  await precision(gpu, net, 'GoogLeNet', 'inception_4c/output');
}
const failed = Object.entries(figures.checks)
  .filter(([, c]) => !c.pass)
  .map(([name]) => name);
say(
  `checks: ${Object.keys(figures.checks).length - failed.length} of ${Object.keys(figures.checks).length} passed${failed.length ? `; FAILED: ${failed.join('; ')}` : ''}`,
);
// GPU_MEASURE_CHECKS_ONLY=1: correctness alone (a software adapter, where the speed figures would take hours).
if (process.env.GPU_MEASURE_CHECKS_ONLY === '1') {
  say('done (checks only)');
  process.exit(failed.length ? 1 : 0);
}
const backends = [...gpus, 'ort-cpu'];
await stepTimes(backends, net);
await wholeImage(backends, net);
await framesPerMinute(backends, net);
if (gpus.length === 0) say('no GPU backend started here: the figures above are ort-cpu only');
say('done');
