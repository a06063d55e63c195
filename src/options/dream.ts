import { z } from 'zod';
import { decimal, flag, integer, oneOf, text } from './fields.js';
import { layersField } from './layers.js';
import type { OptionGroup } from './parse.js';

/** Every compute backend, in the order dreamreel tries them (dream/engines/select-engine.ts starts them). */
export const BACKENDS = ['ort-webgpu', 'ort-cuda', 'tfjs-node-gpu', 'ort-cpu', 'tfjs-node', 'tfjs-wasm', 'tfjs-cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** The model dreamed with when none is named (dream/models/registry.ts has it). */
export const DEFAULT_MODEL = 'googlenet';

/**
 * What shapes one dream: the model, the objective and the gradient ascent. Defaults from the
 * literature: 4 octaves 1.4 apart and 10 steps of 1.5/255 on a mean-abs-normalised gradient
 * (google/deepdream), a light gradient blur that fades out, 32 px jitter.
 */
export const dreamSchema = z.object({
  /** A registry model, or a deploy.prototxt / model.json / .pb / .onnx path. */
  model: text().optional(),
  /** `inception_4c/output`, `layer3:1.5`, `inception_4d/output[139]`; several as an array or comma-separated. */
  layers: layersField().optional(),
  /** Amplify an ImageNet class logit (models with their classifier). */
  class: integer(0, 100000).optional(),
  /** Steer the dream towards the features of a guide picture. */
  guide: text().optional(),
  loss: oneOf(['meanSquare', 'mean']).optional(),
  /** Ignore this fraction of each border in the loss of `layers` and `guide`. */
  crop: decimal(0, 0.45).optional(),
  octaves: integer(1, 12).default(4),
  octaveScale: decimal(1.05, 4).default(1.4),
  steps: integer(1, 1000).default(10),
  lr: decimal(0.00001, 1).default(0.01),
  lrEnd: decimal(0, 1).optional(),
  blur: decimal(0, 20).default(1),
  blurEnd: decimal(0, 20).default(0.3),
  normalise: oneOf(['meanAbs', 'std']).default('meanAbs'),
  jitter: integer(0, 512).default(32),
  flip: flag().default(false),
  tileSize: integer(64, 4096).default(512),
  maxLoss: decimal(-1e9, 1e9).optional(),
  seed: integer(0, 2 ** 32 - 1).default(0),
  originalColors: flag().default(false),
  backend: oneOf(BACKENDS).optional(),
});
export type DreamOptionsIn = z.input<typeof dreamSchema>;
export type DreamOptionsOut = z.output<typeof dreamSchema>;

/** Options that would otherwise be silently ignored by the objective they are given with. */
const objectiveRules = [
  (o: DreamOptionsOut) =>
    o.crop !== undefined && o.class !== undefined ? '{crop} cannot be combined with {class}: a class logit has no border to crop' : undefined,
  (o: DreamOptionsOut) =>
    o.loss !== undefined && o.guide ? '{loss} cannot be combined with {guide}: the guide has its own loss (best-match dot products)' : undefined,
  (o: DreamOptionsOut) =>
    o.loss !== undefined && o.class !== undefined && !o.layers?.length ? '{loss} applies to {layers}; a {class} target is always its logit' : undefined,
  (o: DreamOptionsOut) =>
    o.guide && o.layers?.some((t) => t.channel !== undefined) ? '{guide} matches whole layers: drop the [channel] from {layers}' : undefined,
];

export const dreamGroup: OptionGroup<typeof dreamSchema.shape> = { schema: dreamSchema, rules: objectiveRules };
