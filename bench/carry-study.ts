/**
 * npm run bench:carry-study: carry ideas against today's steady carry, on clips of known motion
 * judged by that motion alone: a 24-frame pan (flicker, strength) and a patch crossing a still
 * photograph (ghosting behind it). Variants:
 *   off               every frame dreamed alone (the yardstick);
 *   steady            today's default;
 *   boundaries        the steady carry trusting the flow only away from motion boundaries
 *                     (its trust mask times Ruder et al.'s motion-boundary mask).
 * Env: W, H (160x96), FRAMES (24).
 */
import type { RgbImage } from '../src/image/image.js';
import { loadModel } from '../src/dream/models/load-model.js';
import { startEngine } from '../src/dream/engines/select-engine.js';
import { objectives } from '../src/dream/objectives/index.js';
import { DEFAULT_DREAM } from '../src/dream/settings.js';
import { steadyCarry } from '../src/pipeline/operators/steady-carry.js';
import type { Carry } from '../src/pipeline/operators/carry.js';
import type { Motion } from '../src/pipeline/operators/frames.js';
import { motionBoundaryMask } from '../src/flow/motion-boundaries.js';
import { workDir } from '../test/helpers/clips.js';
import { MODELS } from '../test/helpers/shared.js';
import { crossingClip, crossingGhosting, mean, panFlicker, pannedClip, strength, type Crossing } from '../test/helpers/known-motion.js';
import { decodeAll, dreamClip, motionsOf, type Variant } from './video-study-lib.js';

const W = Number(process.env.W ?? 160);
const H = Number(process.env.H ?? 96);
const N = Number(process.env.FRAMES ?? 24);
const engine = await startEngine('ort-cpu', await loadModel(`${MODELS}/bvlc_googlenet`));
const objective = objectives.layer('inception_3b/output');
const first = { ...DEFAULT_DREAM, octaves: 2, steps: 4, seed: 7 };
const next = { ...first, octaves: 1, steps: 2 };
const today = (): Carry => steadyCarry({ gain: 1, sampler: 'bilinear', stepScale: 0.5, liftWeak: 1 });

/** The steady carry, trusting the flow only away from motion boundaries. */
function withBoundaries(): Carry {
  const inner = today();
  return { ...inner, start: (source, motion) => inner.start(source, { ...motion, trust: motion.trust.map((v, i) => v * boundary(motion)[i]!) }) };
}
const masks = new WeakMap<Motion, Float32Array>();
const boundary = (m: Motion): Float32Array => masks.get(m) ?? (masks.set(m, motionBoundaryMask(m.backward)), masks.get(m)!);

const variants: Record<string, Variant> = { off: { next: first }, steady: { carry: today, next }, boundaries: { carry: withBoundaries, next } };
const pan = { dx: 3, dy: 1 };
const crossing: Crossing = { size: 32, x0: 12, y: 30, speed: 4 };
const clips = {
  pan: await decodeAll(pannedClip(workDir(), { frames: N, width: W, height: H, pan }), W, H),
  crossing: await decodeAll(crossingClip(workDir(), { frames: N, width: W, height: H, crossing }), W, H),
};
const motions = { pan: await motionsOf(clips.pan), crossing: await motionsOf(clips.crossing) };
console.log(`carry study: ${N} frames at ${W}x${H}, 2 octaves x 4 steps then 1 x 2, inception_3b/output`);
console.log('  variant      | pan flicker | pan strength (frames 2-n) | crossing ghosting | ms/frame');
for (const [name, variant] of Object.entries(variants)) {
  const pans = await dreamClip(engine, objective, clips.pan, motions.pan, first, variant);
  const crossed = await dreamClip(engine, objective, clips.crossing, motions.crossing, first, variant);
  const s = mean(pans.dreams.slice(1).map((d: RgbImage, i: number) => strength(d, clips.pan[i + 1]!)));
  console.log(`  ${name.padEnd(12)} | ${mean(panFlicker(pans.dreams, pan)).toFixed(2)} | ${s.toFixed(2)} | ${crossingGhosting(crossed.dreams, crossing).toFixed(2)} | ${(pans.ms / N).toFixed(0)}`);
}
await engine.dispose();
