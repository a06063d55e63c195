/**
 * npm run bench:carry-study: carry ideas against the steady carry, on clips of known motion
 * judged by that motion alone: a 24-frame pan (flicker, strength) and a patch crossing a still
 * photograph (ghosting behind it, and the dream's strength there). Variants:
 *   off               every frame dreamed alone (the yardstick);
 *   before            the steady carry before issue #22: half steps, all of their change kept;
 *   boundaries        that carry trusting the flow only away from motion boundaries
 *                     (its trust mask times Ruder et al.'s motion-boundary mask);
 *   long-term J       a multi-frame carry after Ruder et al. (2018): where frame t-1's carried dream
 *                     is not trusted (uncovered ground), the dream of frame t-J fills in, carried
 *                     along the flow from t to t-J and its own consistency mask;
 *   bands high/2, bands low/2   a Laplacian carry: the carried residual's high (low) band under
 *                     a Gaussian of 2 px halved, then brought back to the carried energy;
 *   steps 0.3         before, with 0.3x steps instead of 0.5x (lighter steps everywhere);
 *   keep .5/1.5       before, keeping half of the steps' change where the flow is trusted and 1.5x
 *                     where not (a step size per pixel; the trusted half is Ruder et al.'s temporal
 *                     loss as a pull towards the carried start);
 *   jitter            before, with the same jitter every carried frame;
 *   keep .5/1 jitter  both, untrusted ground dreamed at the plain step;
 *   default           today's default (STEADY_CARRY: keep .5/1.5 and the same jitter);
 *   default+bounds, default+eroded, default+strict   it with the motion-boundary mask, with the
 *                     trusted region eroded by 2 px, with a stricter consistency test (0.005, 0.25).
 * Env: W, H (160x96), FRAMES (24), ONLY (variant names, comma-separated; ratios are to the first row run),
 * LONG (10), SETTINGS=default (the product's dream settings).
 */
import type { RgbImage } from '../src/image/image.js';
import { loadModel } from '../src/dream/models/load-model.js';
import { startEngine } from '../src/dream/engines/select-engine.js';
import { objectives } from '../src/dream/objectives/index.js';
import { DEFAULT_DREAM } from '../src/dream/settings.js';
import { STEADY_CARRY, steadyCarry, type SteadyCarryOptions } from '../src/pipeline/operators/steady-carry.js';
import type { Carry } from '../src/pipeline/operators/carry.js';
import type { Motion } from '../src/pipeline/operators/frames.js';
import { motionBoundaryMask } from '../src/flow/motion-boundaries.js';
import { farnebackFlow } from '../src/flow/farneback.js';
import { consistencyMask, softenMask } from '../src/flow/consistency.js';
import { warpBackward } from '../src/flow/warp.js';
import { rgbImage } from '../src/image/image.js';
import { workDir } from '../test/helpers/clips.js';
import { MODELS } from '../test/helpers/shared.js';
import { crossingClip, crossingGhosting, mean, panFlicker, pannedClip, strength, trailStrength, type Crossing } from '../test/helpers/known-motion.js';
import { decodeAll, dreamClip, motionsOf, type Variant } from './video-study-lib.js';
import { banded, eroded, withTrust } from './carry-variants.js';
import type { FlowField } from '../src/flow/flow-field.js';

const W = Number(process.env.W ?? 160);
const H = Number(process.env.H ?? 96);
const N = Number(process.env.FRAMES ?? 24);
const engine = await startEngine('ort-cpu', await loadModel(`${MODELS}/bvlc_googlenet`));
const objective = objectives.layer('inception_3b/output');
// SETTINGS=default: the product's dream settings (DEFAULT_DREAM, carried frames 1 octave x 5 steps) instead of the small ones.
const productSettings = process.env.SETTINGS === 'default';
const first = { ...DEFAULT_DREAM, ...(productSettings ? {} : { octaves: 2, steps: 4 }), seed: 7 };
const next = { ...first, octaves: 1, steps: productSettings ? 5 : 2 };
const BEFORE: SteadyCarryOptions = { gain: 1, sampler: 'bilinear', stepScale: 0.5, liftWeak: 1 };
const before = (o: Partial<SteadyCarryOptions> = {}): Carry => steadyCarry({ ...BEFORE, ...o });
const today = (): Carry => steadyCarry({ ...STEADY_CARRY, gain: 1 });

const masks = new WeakMap<Motion, Float32Array>();
const boundary = (m: Motion): Float32Array => masks.get(m) ?? (masks.set(m, motionBoundaryMask(m.backward)), masks.get(m)!);
/** Each motion's forward flow (the product keeps only the trust made from it), for a stricter test. */
const forwards = new WeakMap<Motion, FlowField>();
const trusts = {
  bounds: (m: Motion): Float32Array => m.trust.map((v, i) => v * boundary(m)[i]!),
  eroded: (m: Motion): Float32Array => eroded(m.trust, W, H, 2),
  strict: (m: Motion): Float32Array => softenMask(consistencyMask(m.backward, forwards.get(m)!, 0.005, 0.25), W, H),
};

async function keepForwards(sources: RgbImage[], motions: (Motion | undefined)[]): Promise<void> {
  for (let t = 1; t < sources.length; t++) if (motions[t]) forwards.set(motions[t]!, await farnebackFlow(sources[t - 1]!, sources[t]!));
}

/** Flow from each frame t back to frame t - J (and its trust): what the long-term carry reads. */
async function longMotions(sources: RgbImage[], J: number): Promise<(Motion | undefined)[]> {
  const out: (Motion | undefined)[] = [];
  for (let t = 0; t < sources.length; t++) {
    if (t < J) {
      out.push(undefined);
      continue;
    }
    const [backward, forward] = [await farnebackFlow(sources[t]!, sources[t - J]!), await farnebackFlow(sources[t - J]!, sources[t]!)];
    out.push({ backward, trust: softenMask(consistencyMask(backward, forward), W, H) });
  }
  return out;
}

const meanAbs = (v: Float32Array): number => v.reduce((s, x) => s + Math.abs(x), 0) / v.length;

/** The steady carry's rescaling, with frame t-J's residual filling in where t-1's is not trusted. */
function longTerm(long: (Motion | undefined)[], J: number): Carry {
  const residuals: RgbImage[] = [];
  let target = 0;
  return {
    start(source, motion) {
      const t = residuals.length;
      const near = warpBackward(residuals[t - 1]!, motion.backward).data;
      const far = long[t] && residuals[t - J] ? warpBackward(residuals[t - J]!, long[t].backward).data : undefined;
      const carried = new Float32Array(near.length);
      let share = 0;
      for (let p = 0; p < motion.trust.length; p++) {
        const a = motion.trust[p]!;
        const b = far ? (1 - a) * long[t]!.trust[p]! : 0;
        share += a + b;
        for (let c = 0; c < 3; c++) carried[p * 3 + c] = a * near[p * 3 + c]! + (far ? b * far[p * 3 + c]! : 0);
      }
      const k = (target * share) / motion.trust.length / Math.max(1e-6, meanAbs(carried));
      return rgbImage(
        source.width,
        source.height,
        source.data.map((v, i) => Math.min(1, Math.max(0, v + k * carried[i]!))),
      );
    },
    settings: (n) => ({ ...n, stepSize: { ...n.stepSize, start: n.stepSize.start * 0.5, end: n.stepSize.end * 0.5 } }),
    remember(source, dreamed, fresh) {
      const r = rgbImage(
        source.width,
        source.height,
        dreamed.data.map((v, i) => v - source.data[i]!),
      );
      residuals.push(r);
      if (fresh) target = meanAbs(r.data);
    },
  };
}

const J = Number(process.env.LONG ?? 10);
const keep = { trusted: 0.5, untrusted: 1.5 };
const variants: Record<string, Variant> = {
  off: { next: first },
  before: { carry: before, next },
  boundaries: { carry: () => withTrust(before(), trusts.bounds), next },
};
const laterVariants: Record<string, Variant> = {
  'bands high/2': { carry: () => banded(before(), { sigma: 2, low: 1, high: 0.5 }), next },
  'bands low/2': { carry: () => banded(before(), { sigma: 2, low: 0.5, high: 1 }), next },
  'steps 0.3': { carry: () => before({ stepScale: 0.3 }), next },
  'keep .5/1.5': { carry: () => before({ keep }), next },
  jitter: { carry: () => before({ steadyJitter: true }), next },
  'keep .5/1 jitter': { carry: () => before({ keep: { trusted: 0.5, untrusted: 1 }, steadyJitter: true }), next },
  default: { carry: today, next },
  'default+bounds': { carry: () => withTrust(today(), trusts.bounds), next },
  'default+eroded': { carry: () => withTrust(today(), trusts.eroded), next },
  'default+strict': { carry: () => withTrust(today(), trusts.strict), next },
};
const pan = { dx: 3, dy: 1 };
const crossing: Crossing = { size: 32, x0: 12, y: 30, speed: 4 };
const clips = {
  pan: await decodeAll(pannedClip(workDir(), { frames: N, width: W, height: H, pan }), W, H),
  crossing: await decodeAll(crossingClip(workDir(), { frames: N, width: W, height: H, crossing }), W, H),
};
const motions = { pan: await motionsOf(clips.pan), crossing: await motionsOf(clips.crossing) };
await keepForwards(clips.pan, motions.pan);
await keepForwards(clips.crossing, motions.crossing);
const long = { pan: await longMotions(clips.pan, J), crossing: await longMotions(clips.crossing, J) };
const only = process.env.ONLY?.split(',');
console.log(`carry study: ${N} frames at ${W}x${H}, ${first.octaves} octaves x ${first.steps} steps then 1 x ${next.steps}, inception_3b/output`);
console.log('  variant            | pan flicker | pan strength (frames 2-n) | crossing ghosting | strength behind the patch | ms/frame');
const same = (entries: Record<string, Variant>): [string, Variant, Variant][] => Object.entries(entries).map(([name, v]) => [name, v, v]);
const runs: [string, Variant, Variant][] = [
  ...same(variants),
  [`long-term ${J}`, { carry: () => longTerm(long.pan, J), next }, { carry: () => longTerm(long.crossing, J), next }],
  ...same(laterVariants),
];
let yardstick: number[] | undefined;
const cell = (v: number, i: number): string => `${v.toFixed(2)} (${(v / (yardstick?.[i] ?? v)).toFixed(2)}x)`;
for (const [name, onPan, onCrossing] of runs.filter(([name]) => !only || only.includes(name))) {
  const pans = await dreamClip(engine, objective, clips.pan, motions.pan, first, onPan);
  const crossed = await dreamClip(engine, objective, clips.crossing, motions.crossing, first, onCrossing);
  const s = mean(pans.dreams.slice(1).map((d: RgbImage, i: number) => strength(d, clips.pan[i + 1]!)));
  const figures = [mean(panFlicker(pans.dreams, pan)), s, crossingGhosting(crossed.dreams, crossing), trailStrength(crossed.dreams, clips.crossing, crossing)];
  yardstick ??= figures;
  console.log(`  ${name.padEnd(18)} | ${figures.map(cell).join(' | ')} | ${(pans.ms / N).toFixed(0)}`);
}
await engine.dispose();
