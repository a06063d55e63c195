/**
 * npm run bench:video-study: why flow-carried dreams fade, measured. Strength per frame and
 * known-motion flicker for each carry method and setting, on a photograph panned by a known
 * 3 px right and 1 px down per frame.
 */
import type { RgbImage } from '../src/image/image.js';
import { loadModel } from '../src/dream/models/load-model.js';
import { startEngine } from '../src/dream/engines/select-engine.js';
import { objectives } from '../src/dream/objectives/index.js';
import { DEFAULT_DREAM } from '../src/dream/settings.js';
import { workDir } from '../test/helpers/clips.js';
import { mean, panFlicker, pannedClip, strength } from '../test/helpers/known-motion.js';
import { decodeAll, dreamClip, motionsOf, type Variant } from './video-study-lib.js';
import { studyVariants } from './video-study-variants.js';

function enteredStrength(d: RgbImage, s: RgbImage, columns: number): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < d.height; y++)
    for (let x = d.width - columns; x < d.width; x++)
      for (let c = 0; c < 3; c++, n++) sum += Math.abs(d.data[(y * d.width + x) * 3 + c]! - s.data[(y * d.width + x) * 3 + c]!);
  return (255 * sum) / n;
}

const W = Number(process.env.W ?? 320);
const H = Number(process.env.H ?? 180);
const N = Number(process.env.FRAMES ?? 24);
const net = await loadModel('../shared/models/bvlc_googlenet');
const engine = await startEngine('ort-cpu', net);
const objective = objectives.layer('inception_4c/output');
const first = { ...DEFAULT_DREAM, seed: 7 };
const next = { ...first, steps: 5, octaves: 1 };
const pan = { dx: 3, dy: 1 };
const clip = pannedClip(workDir(), { frames: N, width: W, height: H, pan });
const sources = await decodeAll(clip, W, H);
const motions = await motionsOf(sources);
const only = process.env.ONLY?.split(',');
const variants: [string, Variant][] = Object.entries(studyVariants(first, next)).filter(([name]) => !only || only.includes(name));
for (const [name, variant] of variants) {
  const { dreams, ms } = await dreamClip(engine, objective, sources, motions, first, variant);
  const s = dreams.map((d, i) => strength(d, sources[i]!));
  const f = panFlicker(dreams, pan);
  // Content that entered the frame after the first one (the right edge of the pan), in the last frame.
  const strip = enteredStrength(dreams.at(-1)!, sources.at(-1)!, pan.dx * (N - 1));
  console.log(
    `${name.padEnd(28)} entered strip ${strip.toFixed(2)}  flicker ${mean(f).toFixed(2)}  strength first ${s[0]!.toFixed(2)} rest ${mean(s.slice(1)).toFixed(2)}  per frame ${s.map((v) => v.toFixed(1)).join(' ')}  ${((60000 * (N - 1)) / Math.max(1, ms)).toFixed(1)} fpm(all)`,
  );
}
