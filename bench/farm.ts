/**
 * npm run bench:farm: what a render farm costs and gains.
 * 1. Per-chunk overhead, measured: model load, engine session creation, first (full) frame, next
 *    frames, so preroll cost; and, from these, a MODEL of the speed-up on 2, 8, 32 and 128
 *    machines for a 4,320-frame clip (3 minutes at 24 fps), the one-machine time beside it.
 * 2. Seams, measured on a real farm (a private redis-server and two `dreamreel worker` processes):
 *    warping error at each chunk's first frame against frames inside chunks, and the whole
 *    video's flicker and dream strength against a one-machine render, for several --preroll.
 * Env: BENCH_SIZE (default 320x180) for part 1; BENCH_PREROLLS (default 0,4,12); BENCH_SKIP_SEAMS=1.
 */
import { spawnSync } from 'node:child_process';
import { lastValueFrom, tap } from 'rxjs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { loadModel } from '../src/dream/models/load-model.js';
import { startEngine } from '../src/dream/engines/select-engine.js';
import { objectives } from '../src/dream/objectives/index.js';
import { DEFAULT_DREAM } from '../src/dream/settings.js';
import { renderFrames } from '../src/pipeline/render.js';
import { videoSources } from '../src/pipeline/video-sources.js';
import { decodeFrames } from '../src/pipeline/decode-frames.js';
import { farnebackFlow } from '../src/flow/farneback.js';
import { consistencyMask } from '../src/flow/consistency.js';
import { warpBackward } from '../src/flow/warp.js';
import type { RgbImage } from '../src/image/image.js';
import { ffmpeg, pannedPhoto, workDir } from '../test/helpers/clips.js';
import { cli } from '../test/helpers/cli.js';
import { IMAGES, MODELS } from '../test/helpers/shared.js';
import { TestRedis } from '../test/helpers/redis.js';
import { Cli } from '../test/farm/farm-helpers.js';

const dir = workDir();
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`load average at start: ${load()} (${process.env.CI ? 'CI' : 'shared machine'}); figures are ratios within this run`);

// ---- 1. per-chunk overhead -------------------------------------------------------------------
const [width, height] = (process.env.BENCH_SIZE ?? '320x180').split('x').map(Number) as [number, number];
let t = performance.now();
const net = await loadModel(`${MODELS}/bvlc_googlenet`);
const loadMs = performance.now() - t;
t = performance.now();
const engine = await startEngine('ort-cpu', net);
const sessionMs = performance.now() - t;
const objective = objectives.layer('inception_4c/output');
const next = { ...DEFAULT_DREAM, steps: 5, octaves: 1 };
const clip = join(dir, 'pan.mp4');
ffmpeg(['-loop', '1', '-i', `${IMAGES}/rocket.jpg`, '-vf', `scale=${Math.round(width * 1.3)}:-2,crop=${width}:${height}:x='10+n':y='10+n/2',format=yuv420p`, '-frames:v', '8', '-r', '24', '-c:v', 'libx264', clip]);
const frameMs: number[] = [];
t = performance.now();
const job = { command: 'render' as const, input: clip, output: join(dir, 'one.mp4'), width, height, fps: 24, frames: 8, first: DEFAULT_DREAM, next, blend: 0.7, crf: 18, resume: false, identity: {} };
await lastValueFrom(renderFrames(engine, job, videoSources(clip, { width, height }, true), () => objective).pipe(tap((e) => e.type === 'frame-done' && frameMs.push(e.ms))));
const wallPerFrame = (performance.now() - t) / 8;
await engine.dispose();
const firstMs = frameMs[0]!;
const nextMs = frameMs.slice(1).reduce((a, b) => a + b, 0) / (frameMs.length - 1);
// Frames cost their wall time (decode, flow, encode included) beyond the dream's own ms.
const nextWall = nextMs + Math.max(0, wallPerFrame - (firstMs + nextMs * 7) / 8);
// Starting a chunk process: node, tsx and dreamreel's imports (a built install skips tsx: less).
t = performance.now();
spawnSync(process.execPath, ['--import', 'tsx', '-e', "await import('./src/api/farm-chunk.ts'); process.exit(0)"], { stdio: 'ignore' });
const PROCESS_MS = performance.now() - t;
console.log(`\n${width}x${height}, default settings (first frame ${DEFAULT_DREAM.octaves} octaves x ${DEFAULT_DREAM.steps} steps, then 1 x 5), load ${load()}`);
console.log(`  chunk process start ${(PROCESS_MS / 1000).toFixed(1)} s, model load ${(loadMs / 1000).toFixed(1)} s, session creation ${(sessionMs / 1000).toFixed(1)} s, first frame ${(firstMs / 1000).toFixed(1)} s, next frames ${(nextWall / 1000).toFixed(2)} s each (${(60000 / nextWall).toFixed(1)} frames/min)`);
for (const p of [4, 12, 24]) console.log(`  preroll ${p} frames: ${((p * nextWall) / 1000).toFixed(1)} s per chunk`);

const FRAMES = 4320;
const PREROLL = 12;
const chunkMs = (c: number, preroll: number): number => PROCESS_MS + loadMs + sessionMs + firstMs + (preroll + c - 1) * nextWall;
const oneMachine = loadMs + sessionMs + firstMs + (FRAMES - 1) * nextWall;
const farmMs = (machines: number, c: number): number => {
  const chunks = Math.ceil(FRAMES / c);
  return Math.ceil(chunks / machines) * chunkMs(c, PREROLL) + 2000; // + the join: a stream copy, seconds
};
const clock = (ms: number): string => `${Math.floor(ms / 3_600_000)}h${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
console.log(`\nMODEL (a projection from the figures above, not a measurement on many machines): ${FRAMES} frames, preroll ${PREROLL}`);
console.log(`  one machine, local render: ${clock(oneMachine)}`);
console.log('  machines | --chunk-frames 240: time, speed-up | one chunk per machine: frames, time, speed-up');
for (const n of [2, 8, 32, 128]) {
  const fit = Math.ceil(FRAMES / n);
  const a = farmMs(n, 240);
  const b = farmMs(n, fit);
  console.log(`  ${String(n).padStart(8)} | ${clock(a)}, ${(oneMachine / a).toFixed(1)}x | ${fit}, ${clock(b)}, ${(oneMachine / b).toFixed(1)}x`);
}

// ---- 2. seams on a real farm ----------------------------------------------------------------
if (process.env.BENCH_SKIP_SEAMS) process.exit(0);

/** Per frame pair: masked warping error of `output` along the source's flow (as flicker.ts measures). */
async function pairErrors(output: string, source: string, w: number, h: number): Promise<{ errors: number[]; strength: number }> {
  const outs = decodeFrames(output, { width: w, height: h });
  const srcs = decodeFrames(source, { width: w, height: h });
  const errors: number[] = [];
  let strength = 0;
  let frames = 0;
  let prev: [RgbImage, RgbImage] | undefined;
  for (;;) {
    const [o, s] = await Promise.all([outs.next(), srcs.next()]);
    if (o.done || s.done) break;
    for (let i = 0; i < o.value.data.length; i++) strength += Math.abs(o.value.data[i]! - s.value.data[i]!);
    frames++;
    if (prev) {
      const backward = await farnebackFlow(s.value, prev[1]);
      const mask = consistencyMask(backward, await farnebackFlow(prev[1], s.value));
      const warped = warpBackward(prev[0], backward);
      let sum = 0;
      let weight = 0;
      for (let p = 0; p < mask.length; p++) {
        for (let c = 0; c < 3; c++) sum += mask[p]! * Math.abs(o.value.data[p * 3 + c]! - warped.data[p * 3 + c]!);
        weight += 3 * mask[p]!;
      }
      errors.push(weight ? (255 * sum) / weight : 0);
    }
    prev = [o.value, s.value];
  }
  return { errors, strength: (255 * strength) / (frames * w * h * 3) };
}

const SEAM_FRAMES = 36;
const CHUNK = 12;
const settings = ['--octaves', '2', '--steps', '4', '--steps-next', '2', '-l', 'inception_3b/output', '--backend', 'ort-cpu', '--seed', '1'];
const source = pannedPhoto(dir, SEAM_FRAMES);
process.env.DREAMREEL_MODELS = MODELS;
const one = join(dir, 'one-machine.mp4');
const local = await cli(['render', source, '-o', one, ...settings, '--plain']);
if (local.code !== 0) throw new Error(local.stderr);
const base = await pairErrors(one, source, 192, 128);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const redis = await TestRedis.start();
const workers = [Cli.worker(redis.url), Cli.worker(redis.url)];
try {
  await Promise.all(workers.map((w) => w.waitFor(/ready for chunks/)));
  console.log(`\nseams: ${SEAM_FRAMES}-frame panned photograph at 192x128, --chunk-frames ${CHUNK} (seams before frames 13 and 25), 2 workers, load ${load()}`);
  console.log(`  one machine: warping error ${mean(base.errors).toFixed(2)}, strength ${base.strength.toFixed(1)}`);
  console.log('  preroll | seam error / inside error (<= 1.5) | flicker vs one machine (<= 1.25) | strength vs one machine (>= 0.9)');
  for (const preroll of (process.env.BENCH_PREROLLS ?? '0,4,12').split(',').map(Number)) {
    const out = join(dir, `farm-p${preroll}.mp4`);
    const r = await cli(['render', source, '-o', out, '--redis', redis.url, '--chunk-frames', String(CHUNK), '--preroll', String(preroll), ...settings, '--json']);
    if (r.code !== 0) throw new Error(r.stderr);
    const farm = await pairErrors(out, source, 192, 128);
    // errors[i] is the pair (i, i+1): a seam is the pair ending on a chunk's first frame.
    const seamPairs = new Set([CHUNK - 1, 2 * CHUNK - 1]);
    const seam = mean(farm.errors.filter((_, i) => seamPairs.has(i)));
    const inside = mean(farm.errors.filter((_, i) => !seamPairs.has(i)));
    console.log(`  ${String(preroll).padStart(7)} | ${(seam / inside).toFixed(2)} (${seam.toFixed(2)} / ${inside.toFixed(2)}) | ${(mean(farm.errors) / mean(base.errors)).toFixed(2)} | ${(farm.strength / base.strength).toFixed(2)}`);
  }
} finally {
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  await redis.stop();
}
