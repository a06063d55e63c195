import type { Command } from 'commander';
import { DreamreelError } from '../errors.js';
import { DEFAULT_DREAM, type DreamSettings } from '../dream/settings.js';
import { geometric, linear } from '../dream/schedule.js';
import { BACKENDS, type BackendName } from '../dream/engines/select-engine.js';
import { DEFAULT_MODEL } from '../dream/models/registry.js';
import { parseLayers, type ObjectiveSpec } from './objective-spec.js';
import { integerIn, numberIn, oneOf } from './validate.js';
import { addPreprocessOptions, type PreprocessFlags } from './preprocess-options.js';

/** The flags every dreaming command shares, as commander gives them back (strings until validated). */
export interface RawDreamFlags extends PreprocessFlags {
  preset?: string;
  model?: string;
  layers?: string;
  class?: string;
  guide?: string;
  loss?: string;
  crop?: string;
  octaves?: string;
  octaveScale?: string;
  steps?: string;
  lr?: string;
  lrEnd?: string;
  blur?: string;
  blurEnd?: string;
  normalise?: string;
  jitter?: string;
  flip?: boolean;
  tileSize?: string;
  maxLoss?: string;
  seed?: string;
  originalColors?: boolean;
  backend?: string;
}

export function addDreamOptions(cmd: Command): Command {
  return addPreprocessOptions(cmd)
    .option('-p, --preset <name|file>', 'start from a preset (dreamreel presets lists them); flags given here override it')
    .option('-m, --model <name|path>', `registry model, or a deploy.prototxt / model.json / .pb / .onnx path (default ${DEFAULT_MODEL})`)
    .option('-l, --layers <spec>', 'layers to amplify: name, name[channel], with :weight, comma-separated (default: the model\'s classic layer)')
    .option('--class <index>', 'amplify an ImageNet class logit (models with their classifier)')
    .option('--guide <image>', 'steer the dream towards the features of a guide picture')
    .option('--loss <kind>', 'for --layers: meanSquare (google/deepdream L2, the default) or mean')
    .option('--crop <fraction>', 'ignore this fraction of each border in the loss of --layers and --guide')
    .option('--octaves <n>', 'octaves (scales) to dream at', String(DEFAULT_DREAM.octaves))
    .option('--octave-scale <k>', 'size ratio between octaves (render, zoom: or a schedule)', String(DEFAULT_DREAM.octaveScale))
    .option('--steps <n>', 'gradient steps per octave', String(DEFAULT_DREAM.steps))
    .option('--lr <size>', 'step size, in [0,1] pixel units per normalised gradient (render, zoom: or a schedule such as "0:(0.01), 48:(0.02)")', String(DEFAULT_DREAM.stepSize.start))
    .option('--lr-end <size>', 'step size at the last step of each octave (default: --lr)')
    .option('--blur <sigma>', 'Gaussian blur of the gradient at the first step, pixels', String(DEFAULT_DREAM.blur.start))
    .option('--blur-end <sigma>', 'blur at the last step of each octave', String(DEFAULT_DREAM.blur.end))
    .option('--normalise <how>', 'gradient normalisation: meanAbs or std', DEFAULT_DREAM.normalise)
    .option('--jitter <px>', 'random roll per step, pixels', String(DEFAULT_DREAM.jitter))
    .option('--flip', 'random horizontal flips')
    .option('--tile-size <px>', 'largest square dreamed at once; larger frames are tiled', String(DEFAULT_DREAM.tileSize))
    .option('--max-loss <value>', 'stop an octave once the loss passes this')
    .option('--seed <n>', 'random seed: same seed, same dream', '0')
    .option('--original-colors', "keep the source's colours, dream only the luminance")
    .option('--backend <name>', `compute backend: ${BACKENDS.join(', ')} (default: fastest available; env DREAMREEL_BACKEND)`);
}

export function dreamSettings(f: RawDreamFlags): DreamSettings {
  const lr = numberIn('--lr', f.lr ?? DEFAULT_DREAM.stepSize.start, 0.00001, 1);
  const maxLoss = f.maxLoss === undefined ? undefined : numberIn('--max-loss', f.maxLoss, -1e9, 1e9);
  return {
    octaves: integerIn('--octaves', f.octaves ?? DEFAULT_DREAM.octaves, 1, 12),
    octaveScale: numberIn('--octave-scale', f.octaveScale ?? DEFAULT_DREAM.octaveScale, 1.05, 4),
    steps: integerIn('--steps', f.steps ?? DEFAULT_DREAM.steps, 1, 1000),
    stepSize: linear(lr, f.lrEnd === undefined ? lr : numberIn('--lr-end', f.lrEnd, 0, 1)),
    blur: geometric(numberIn('--blur', f.blur ?? DEFAULT_DREAM.blur.start, 0, 20), numberIn('--blur-end', f.blurEnd ?? DEFAULT_DREAM.blur.end, 0, 20)),
    normalise: oneOf('--normalise', f.normalise ?? DEFAULT_DREAM.normalise, ['meanAbs', 'std'] as const),
    jitter: integerIn('--jitter', f.jitter ?? DEFAULT_DREAM.jitter, 0, 512),
    flip: Boolean(f.flip),
    tileSize: integerIn('--tile-size', f.tileSize ?? DEFAULT_DREAM.tileSize, 64, 4096),
    ...(maxLoss === undefined ? {} : { maxLoss }),
    seed: integerIn('--seed', f.seed ?? 0, 0, 2 ** 32 - 1),
    originalColors: Boolean(f.originalColors),
  };
}

/** Flags that would otherwise be silently ignored by the objective they are given with. */
function checkObjectiveFlags(f: RawDreamFlags): void {
  if (f.crop !== undefined && f.class !== undefined) throw new DreamreelError('--crop cannot be combined with --class: a class logit has no border to crop');
  if (f.loss !== undefined && f.guide) throw new DreamreelError('--loss cannot be combined with --guide: the guide has its own loss (best-match dot products)');
  if (f.loss !== undefined && f.class !== undefined && !f.layers) throw new DreamreelError('--loss applies to --layers; a --class target is always its logit');
  if (f.guide && f.layers && parseLayers(f.layers).some((t) => t.channel !== undefined)) throw new DreamreelError('--guide matches whole layers: drop the [channel] from --layers');
}

export function objectiveSpec(f: RawDreamFlags, defaultLayer: string | undefined): ObjectiveSpec {
  checkObjectiveFlags(f);
  const layers = f.layers ? parseLayers(f.layers) : f.class !== undefined || !defaultLayer ? [] : [{ layer: defaultLayer, weight: 1 }];
  return {
    layers,
    reduce: oneOf('--loss', f.loss ?? 'meanSquare', ['meanSquare', 'mean'] as const),
    ...(f.class !== undefined ? { classIndex: integerIn('--class', f.class, 0, 100000) } : {}),
    ...(f.crop !== undefined ? { crop: numberIn('--crop', f.crop, 0, 0.45) } : {}),
  };
}

export function backendName(f: RawDreamFlags, env: NodeJS.ProcessEnv = process.env): BackendName | undefined {
  const raw = f.backend ?? env.DREAMREEL_BACKEND;
  return raw === undefined || raw === '' ? undefined : oneOf(f.backend ? '--backend' : 'DREAMREEL_BACKEND', raw, BACKENDS);
}
