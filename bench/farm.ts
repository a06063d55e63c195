/**
 * npm run bench:farm: what a render farm costs and gains.
 * 1. Per-chunk overhead, measured: model load, engine session creation, first (full) frame, next
 *    frames, so preroll cost; and, from these, a MODEL of the speed-up on 2, 8, 32 and 128
 *    machines for a 4,320-frame clip (3 minutes at 24 fps), the one-machine time beside it.
 * 2. Seams, measured on a real farm (a private redis-server and two `dreamreel worker` processes,
 *    one killed with -9 mid-render and replaced) on a clip of known motion (a photograph panned
 *    3 px right and 1 px down per frame), judged by that motion alone: the largest change between
 *    neighbouring frames in each seam's window against the median inside chunks, and the whole
 *    video's flicker and strength against a one-machine render, for --seam-frames 0 (a hard join)
 *    and 8, at lossless --crf 0 (the dream's seams) and the default --crf 18 (with the codec's).
 * Env: BENCH_SIZE (default 320x180) for part 1; BENCH_SKIP_OVERHEAD=1, BENCH_SKIP_SEAMS=1;
 *      BENCH_SEAM_SIZE (160x96), BENCH_SEAM_FRAMES (0,8), BENCH_CRFS (0,18).
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
import type { RgbImage } from '../src/image/image.js';
import { ffmpeg, workDir } from '../test/helpers/clips.js';
import { decodeAll, mean, panFlicker, pannedClip, strength } from '../test/helpers/known-motion.js';
import { cli } from '../test/helpers/cli.js';
import { IMAGES, MODELS } from '../test/helpers/shared.js';
import { TestRedis } from '../test/helpers/redis.js';
import { checkpointedFrames, Cli, until } from '../test/farm/farm-helpers.js';

const dir = workDir();
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`load average at start: ${load()} (${process.env.CI ? 'CI' : 'shared machine'}); figures are ratios within this run`);

// ---- 1. per-chunk overhead -------------------------------------------------------------------
if (!process.env.BENCH_SKIP_OVERHEAD) await overhead();
// eslint-disable-next-line max-lines-per-function -- a benchmark script read top to bottom: one timed scenario, its steps in order
async function overhead(): Promise<void> {
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
  ffmpeg([
    '-loop',
    '1',
    '-i',
    `${IMAGES}/rocket.jpg`,
    '-vf',
    `scale=${Math.round(width * 1.3)}:-2,crop=${width}:${height}:x='10+n':y='10+n/2',format=yuv420p`,
    '-frames:v',
    '8',
    '-r',
    '24',
    '-c:v',
    'libx264',
    clip,
  ]);
  const frameMs: number[] = [];
  t = performance.now();
  const job = {
    command: 'render' as const,
    input: clip,
    output: join(dir, 'one.mp4'),
    width,
    height,
    fps: 24,
    frames: 8,
    first: DEFAULT_DREAM,
    next,
    blend: 0.7,
    crf: 18,
    resume: false,
    identity: {},
  };
  await lastValueFrom(
    renderFrames(engine, job, videoSources(clip, { width, height }, true), () => objective).pipe(tap((e) => e.type === 'frame-done' && frameMs.push(e.ms))),
  );
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
  console.log(
    `\n${width}x${height}, default settings (first frame ${DEFAULT_DREAM.octaves} octaves x ${DEFAULT_DREAM.steps} steps, then 1 x 5), load ${load()}`,
  );
  console.log(
    `  chunk process start ${(PROCESS_MS / 1000).toFixed(1)} s, model load ${(loadMs / 1000).toFixed(1)} s, session creation ${(sessionMs / 1000).toFixed(1)} s, first frame ${(firstMs / 1000).toFixed(1)} s, next frames ${(nextWall / 1000).toFixed(2)} s each (${(60000 / nextWall).toFixed(1)} frames/min)`,
  );
  for (const p of [4, 12, 24]) console.log(`  preroll ${p} frames: ${((p * nextWall) / 1000).toFixed(1)} s per chunk`);

  const FRAMES = 4320;
  const PREROLL = 12;
  const chunkMs = (c: number, preroll: number): number => PROCESS_MS + loadMs + sessionMs + firstMs + (preroll + c - 1) * nextWall;
  const oneMachine = loadMs + sessionMs + firstMs + (FRAMES - 1) * nextWall;
  const farmMs = (machines: number, c: number): number => {
    const chunks = Math.ceil(FRAMES / c);
    return Math.ceil(chunks / machines) * chunkMs(c, PREROLL) + 2000; // + the join: a stream copy, seconds
  };
  const clock = (ms: number): string =>
    `${Math.floor(ms / 3_600_000)}h${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  console.log(`\nMODEL (a projection from the figures above, not a measurement on many machines): ${FRAMES} frames, preroll ${PREROLL}`);
  console.log(`  one machine, local render: ${clock(oneMachine)}`);
  console.log('  machines | --chunk-frames 240: time, speed-up | one chunk per machine: frames, time, speed-up');
  for (const n of [2, 8, 32, 128]) {
    const fit = Math.ceil(FRAMES / n);
    const a = farmMs(n, 240);
    const b = farmMs(n, fit);
    console.log(`  ${String(n).padStart(8)} | ${clock(a)}, ${(oneMachine / a).toFixed(1)}x | ${fit}, ${clock(b)}, ${(oneMachine / b).toFixed(1)}x`);
  }
}

// ---- 2. seams on a real farm ----------------------------------------------------------------
if (process.env.BENCH_SKIP_SEAMS) process.exit(0);

const [SW, SH] = (process.env.BENCH_SEAM_SIZE ?? '160x96').split('x').map(Number) as [number, number];
const FRAMES_72 = 72;
const CHUNK = 24;
const PAN = { dx: 3, dy: 1 };
const settings = ['--octaves', '2', '--steps', '4', '--steps-next', '2', '-l', 'inception_3b/output', '--backend', 'ort-cpu', '--seed', '1', '--plain'];
const source = pannedClip(dir, { frames: FRAMES_72, width: SW, height: SH, pan: PAN });
const sources = await decodeAll(source, SW, SH);
process.env.DREAMREEL_MODELS = MODELS;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const strengthOf = (frames: RgbImage[]): number => mean(frames.map((f, t) => strength(f, sources[t]!)));
const redis = await TestRedis.start();
const workers: Cli[] = [];
const worker = (): Cli => {
  const w = Cli.worker(redis.url, { DREAMREEL_FARM_LOCK_MS: '5000' });
  workers.push(w);
  return w;
};

/** A farm render with one of its two workers killed with -9 once 4 frames are checkpointed, and replaced. */
async function farmRender(out: string, extra: string[]): Promise<number> {
  const began = performance.now();
  const pair = [worker(), worker()];
  await Promise.all(pair.map((w) => w.waitFor(/ready for chunks/)));
  const submit = await cli(['render', source, '-o', out, '--redis', redis.url, '--chunk-frames', String(CHUNK), '--detach', ...settings, ...extra]);
  if (submit.code !== 0) throw new Error(submit.stderr);
  await until('4 checkpointed frames', () => checkpointedFrames(out) >= 4);
  pair[0]!.kill('SIGKILL');
  const replacement = worker();
  const attached = await cli(['render', '--redis', redis.url, '--attach', submit.stdout.trim(), '--plain']);
  if (attached.code !== 0) throw new Error(attached.stderr);
  for (const w of [pair[1]!, replacement]) w.kill('SIGTERM');
  return (performance.now() - began) / 1000;
}

try {
  console.log(
    `\nseams: ${FRAMES_72}-frame known pan at ${SW}x${SH}, --chunk-frames ${CHUNK} (seams before frames 25 and 49), 2 workers, one killed with -9 mid-render, load ${load()}`,
  );
  console.log(
    '  crf | --seam-frames | worst change in each seam window / inside median (goal <= 1.3) | flicker vs one machine (<= 1.15) | strength vs one machine (>= 0.95) | wall s',
  );
  for (const crf of (process.env.BENCH_CRFS ?? '0,18').split(',')) {
    const one = join(dir, `one-crf${crf}.mp4`);
    const began = performance.now();
    const local = await cli(['render', source, '-o', one, ...settings, '--crf', crf]);
    if (local.code !== 0) throw new Error(local.stderr);
    const oneSeconds = (performance.now() - began) / 1000;
    const single = await decodeAll(one, SW, SH);
    console.log(
      `  ${crf.padStart(3)} | one machine   | flicker ${mean(panFlicker(single, PAN)).toFixed(2)}, strength ${strengthOf(single).toFixed(2)} | | | ${oneSeconds.toFixed(0)}`,
    );
    for (const seam of (process.env.BENCH_SEAM_FRAMES ?? '0,8').split(',').map(Number)) {
      const out = join(dir, `farm-crf${crf}-seam${seam}.mp4`);
      const seconds = await farmRender(out, ['--crf', crf, '--seam-frames', String(seam)]);
      const farm = await decodeAll(out, SW, SH);
      const pairs = panFlicker(farm, PAN); // pairs[i]: frame i + 1 against frame i
      const seams = [CHUNK, 2 * CHUNK];
      const window = new Set(seams.flatMap((s) => Array.from({ length: seam + 1 }, (_, i) => s - 1 + i)));
      const inside = median(pairs.filter((_, i) => !window.has(i)));
      const worst = seams.map((s) => Math.max(...pairs.slice(s - 1, s + seam)) / inside);
      console.log(
        `  ${crf.padStart(3)} | ${String(seam).padStart(13)} | ${worst.map((r) => r.toFixed(2)).join(', ')} (inside ${inside.toFixed(2)}) | ${(mean(pairs) / mean(panFlicker(single, PAN))).toFixed(2)} | ${(strengthOf(farm) / strengthOf(single)).toFixed(2)} | ${seconds.toFixed(0)}`,
      );
    }
  }
} finally {
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  await redis.stop();
}
