/**
 * npm run bench:video: first flicker, strength, ghosting and drift of --flow off, the 0.1 fade
 * carry and the new steady carry, side by side on clips of known motion (bench/video-quality.ts);
 * then frames/min of `dreamreel render` at 320x180 and 640x360 with the default
 * GoogLeNet and default steps (and 1280x720), the share of wall time spent outside the dream (decode, flow,
 * warp, encode), and peak RSS for a 30- and a 300-frame clip (it must stay flat), numTensors on tfjs.
 */
import { lastValueFrom, tap } from 'rxjs';
import { join } from 'node:path';
import { loadModel } from '../src/dream/models/load-model.js';
import { startEngine } from '../src/dream/engines/select-engine.js';
import { objectives } from '../src/dream/objectives/index.js';
import { DEFAULT_DREAM } from '../src/dream/settings.js';
import { renderFrames } from '../src/pipeline/render.js';
import { videoSources } from '../src/pipeline/video-sources.js';
import { workDir } from '../test/helpers/clips.js';
import { pannedClip } from './panned-clip.js';
import { loadavg } from 'node:os';
import { compareCarries, longClip } from './video-quality.js';

const net = await loadModel('../shared/models/bvlc_googlenet');
const engine = await startEngine((process.env.BENCH_BACKEND ?? 'ort-cpu') as 'ort-cpu', net);
const dir = workDir();
const objective = objectives.layer('inception_4c/output');
const next = { ...DEFAULT_DREAM, steps: 5, octaves: 1 };

const clip = (frames: number, width: number, height: number): string => pannedClip(dir, frames, width, height);

async function run(path: string, frames: number, width: number, height: number): Promise<void> {
  let dreamMs = 0;
  let peak = 0;
  let rssAtFrame10 = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const began = performance.now();
  const job = {
    command: 'render' as const,
    input: path,
    output: join(dir, `out-${frames}-${width}.mp4`),
    width,
    height,
    fps: 24,
    frames,
    first: DEFAULT_DREAM,
    next,
    blend: 0.7,
    crf: 18,
    resume: false,
    identity: { objective: objective.description },
  };
  await lastValueFrom(
    renderFrames(engine, job, videoSources(path, { width, height }, true), () => objective).pipe(
      tap((e) => {
        if (e.type === 'step') dreamMs += e.ms;
        if (e.type === 'frame-done' && e.frame === 9) rssAtFrame10 = process.memoryUsage().rss;
      }),
    ),
  );
  clearInterval(sampler);
  const wall = performance.now() - began;
  console.log(
    `${width}x${height} ${String(frames).padStart(3)} frames: ${((frames / wall) * 60000).toFixed(1)} frames/min, outside the dream ${(100 * (1 - dreamMs / wall)).toFixed(1)}% of wall time, RSS at frame 10 ${(rssAtFrame10 / 2 ** 20).toFixed(0)} MiB, at the end ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, peak ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );
}

// Flicker, strength and ghosting side by side (BENCH_QUALITY=0 skips; BENCH_QUALITY=only stops after it).
if (process.env.BENCH_QUALITY !== '0') {
  await compareCarries(engine, objective, dir, Number(process.env.BENCH_FRAMES ?? 24));
  await longClip(engine, objective, dir, Number(process.env.BENCH_LONG ?? 72));
  console.log(
    `load: ${loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}`,
  );
  if (process.env.BENCH_QUALITY === 'only') process.exit(0);
}

// The long clip first, in a fresh process, so its RSS curve is its own. BENCH_QUICK=1 skips to the tfjs check.
// BENCH_LONG (frames of the long clip, 0 skips it) and BENCH_VIDEO_SIZES (WxHxFRAMES,…) shorten it on a loaded machine.
if (!process.env.BENCH_QUICK) {
  const long = Number(process.env.BENCH_LONG_FRAMES ?? 300);
  if (long > 0) await run(clip(long, 320, 180), long, 320, 180);
  const sizes = (process.env.BENCH_VIDEO_SIZES ?? '320x180x30,640x360x30,1280x720x12')
    .split(',')
    .map((s) => s.split('x').map(Number) as [number, number, number]);
  for (const [w, h, frames] of sizes) await run(clip(frames, w, h), frames, w, h);
  console.log(
    `load: ${loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}`,
  );
}
console.log(
  `engine ${engine.name}; first frame ${DEFAULT_DREAM.octaves} octaves x ${DEFAULT_DREAM.steps} steps, then ${next.octaves} octave x ${next.steps} steps`,
);
if (!process.env.BENCH_QUICK && process.env.BENCH_FRAME_COST !== '0') await (await import('./frame-cost.js')).printFrameCost(engine, next); // steady frames/min, frame time over steps-next x step time

// Live tfjs tensors across frames (the tfjs engine on wasm, a short small clip): must not grow.
const tf = await import('@tensorflow/tfjs');
const wasm = await startEngine('tfjs-wasm', net);
const small = clip(6, 160, 96);
const counts: number[] = [];
const job = {
  command: 'render' as const,
  input: small,
  output: join(dir, 'tfjs.mp4'),
  width: 160,
  height: 96,
  fps: 24,
  frames: 6,
  first: { ...DEFAULT_DREAM, octaves: 2, steps: 3 },
  next: { ...next, steps: 2 },
  blend: 0.7,
  crf: 18,
  resume: false,
  identity: { objective: objective.description },
};
await lastValueFrom(
  renderFrames(wasm, job, videoSources(small, { width: 160, height: 96 }, true), () => objective).pipe(
    tap((e) => {
      if (e.type === 'frame-done') counts.push(tf.memory().numTensors);
    }),
  ),
);
console.log(`tfjs-wasm numTensors after each frame: ${counts.join(', ')}`);
