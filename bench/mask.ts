/**
 * npm run bench:mask: what a mask adds to the time per frame of `dreamreel render` (default
 * GoogLeNet objective and steps, ort-cpu): no mask, a picture mask, a mask video decoded in step
 * with the clip, and --mask motion, on the same clip in one process; plus --region with two
 * regions (one gradient per objective: expected near 2x). Prints ms per frame, run after run.
 */
import { lastValueFrom, tap } from 'rxjs';
import { join } from 'node:path';
import { loadModel } from '../src/dream/models/load-model.js';
import { startEngine } from '../src/dream/engines/select-engine.js';
import { objectives } from '../src/dream/objectives/index.js';
import { DEFAULT_DREAM } from '../src/dream/settings.js';
import { renderFrames } from '../src/pipeline/render.js';
import { videoSources } from '../src/pipeline/video-sources.js';
import { maskPlanFromFlags } from '../src/pipeline/mask-plan.js';
import { workDir, ffmpeg } from '../test/helpers/clips.js';
import { pannedClip } from './panned-clip.js';

const [W, H, FRAMES] = [Number(process.env.BENCH_WIDTH ?? 320), Number(process.env.BENCH_HEIGHT ?? 180), Number(process.env.BENCH_FRAMES ?? 12)];
const net = await loadModel('../shared/models/bvlc_googlenet');
const engine = await startEngine((process.env.BENCH_BACKEND ?? 'ort-cpu') as 'ort-cpu', net);
const dir = workDir();
const objective = objectives.layer('inception_4c/output');
const other = objectives.channel('inception_4d/output', 139);
const next = { ...DEFAULT_DREAM, steps: 5, octaves: 1 };

const clip = pannedClip(dir, FRAMES, W, H, 2);
const picture = join(dir, 'half.png');
ffmpeg(['-f', 'lavfi', '-i', `color=c=black:s=${W}x${H}`, '-vf', "format=gray,geq=lum='255*lt(X\\,W/2)'", '-frames:v', '1', picture]);
const video = join(dir, 'disc.mkv');
ffmpeg([
  '-f',
  'lavfi',
  '-i',
  `color=c=black:s=${W}x${H}:r=24`,
  '-vf',
  `format=gray,geq=lum='255*lte(hypot(X-(W/4+4*N)\\,Y-H/2)\\,H/3)'`,
  '-frames:v',
  String(FRAMES),
  '-c:v',
  'ffv1',
  video,
]);

/** Mean ms per dreamed frame after the first (which is dreamed afresh), for one mask setting. */
async function msPerFrame(name: string, flags: Record<string, unknown>, regions = false): Promise<number> {
  const mask = await maskPlanFromFlags(flags, { width: W, height: H, fps: 24, frames: FRAMES });
  const job = {
    command: 'render' as const,
    input: clip,
    output: join(dir, `${name}.mp4`),
    width: W,
    height: H,
    fps: 24,
    frames: FRAMES,
    first: DEFAULT_DREAM,
    next,
    blend: 1,
    crf: 18,
    resume: false,
    identity: { objective: objective.description },
    ...(regions ? { regions: [other] } : {}),
  };
  let firstDone = 0;
  await lastValueFrom(
    renderFrames(engine, job, mask.apply(videoSources(clip, { width: W, height: H }, true)), () => objective).pipe(
      tap((e) => {
        if (e.type === 'frame-done' && e.frame === 0) firstDone = performance.now();
      }),
    ),
  );
  return (performance.now() - firstDone) / (FRAMES - 1);
}

const runs: [string, Record<string, unknown>, boolean?][] = [
  ['picture mask', { mask: picture, maskFeather: '4' }],
  ['mask video', { mask: video, maskFeather: '4' }],
  ['--mask motion', { mask: 'motion', maskFeather: '4' }],
  ['--region (2 objectives)', { region: [`${picture}=inception_4d/output[139]`] }, true],
];
console.log(`render ${W}x${H}, ${FRAMES} frames, carried frames ${next.steps} steps x ${next.octaves} octave, ${engine.name}`);
// Each setting between two runs without a mask, against their mean: the load of a shared machine drifts.
const figures: Record<string, number> = {};
let before = await msPerFrame('plain-0', {});
figures['no mask'] = before;
for (const [i, [name, flags, regions]] of runs.entries()) {
  const ms = await msPerFrame(name.replace(/\W+/g, '-'), flags, regions);
  const after = await msPerFrame(`plain-${i + 1}`, {});
  const base = (before + after) / 2;
  console.log(
    `${name.padEnd(26)} ${ms.toFixed(0).padStart(6)} ms/frame against ${base.toFixed(0)} without a mask (${before.toFixed(0)} before, ${after.toFixed(0)} after): ${(ms / base).toFixed(3)}x`,
  );
  before = after;
}
await engine.dispose();

// The mask's own work per frame, timed alone (the machine's load moves whole-frame times by more
// than this): the composite, a 4 px feather, and a motion mask from a flow field.
const { blendByMask, featherMask, mask: maskOf } = await import('../src/image/mask.js');
const { nextMotionMask } = await import('../src/flow/motion-mask.js');
const { rgbImage } = await import('../src/image/image.js');
const image = rgbImage(W, H, new Float32Array(W * H * 3).fill(0.5));
const weights = maskOf(
  W,
  H,
  Float32Array.from({ length: W * H }, (_, p) => (p % W) / W),
);
const flow = { width: W, height: H, data: Float32Array.from({ length: W * H * 2 }, (_, i) => (i % 7) / 3) };
const timeIt = (work: () => unknown, times = 20): number => {
  for (let i = 0; i < 5; i++) work();
  const began = performance.now();
  for (let i = 0; i < times; i++) work();
  return (performance.now() - began) / times;
};
const blendMs = timeIt(() => blendByMask(image, image, weights));
const featherMs = timeIt(() => featherMask(weights, 4));
const motionMs = timeIt(() => nextMotionMask(flow, weights));
// A masked render also checkpoints the whole dream beside each frame (one more lossless PNG).
const { default: sharp } = await import('sharp');
const { toBytes } = await import('../src/pipeline/image-io.js');
const pngStart = performance.now();
for (let i = 0; i < 10; i++)
  await sharp(toBytes(image), { raw: { width: W, height: H, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
const pngMs = (performance.now() - pngStart) / 10;
const total = blendMs + featherMs + motionMs + pngMs;
console.log(
  `mask work alone at ${W}x${H}: composite ${blendMs.toFixed(2)} ms, feather 4 px ${featherMs.toFixed(2)} ms, motion mask ${motionMs.toFixed(2)} ms, whole-dream PNG ${pngMs.toFixed(2)} ms per frame: ${total.toFixed(1)} ms, ${((total / figures['no mask']) * 100).toFixed(2)}% of a frame without a mask`,
);
