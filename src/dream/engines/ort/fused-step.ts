import type * as Ort from 'onnxruntime-node';
import type { FusedStepInputs, FusedStepper } from '../../fused-step.js';
import type { RgbImage } from '../../../image/image.js';
import type { LinearSeed } from '../../objectives/objective.js';
import { scaleInput, shiftInput } from './gradient-graph.js';
import { RUN_PARTS, STEP } from './step-graph.js';

/** Position of each index in a reordering: gathering by it undoes gathering by `map`. */
export function inverseMap(map: Int32Array): BigInt64Array {
  const out = new BigInt64Array(map.length);
  for (let i = 0; i < map.length; i++) out[map[i]!] = BigInt(i);
  return out;
}

/** A roll of n indices (map[j] = (a + j) mod n) as the step graph's two Slices: [startA, endA, startB, endB], ends exclusive. */
export function columnRuns(map: Int32Array): BigInt64Array {
  const n = map.length;
  let split = 1;
  while (split < n && map[split] === map[split - 1]! + 1) split++;
  for (let j = split + 1; j < n; j++) if (map[j] !== map[j - 1]! + 1) throw new Error('the column reorder is not a roll');
  return BigInt64Array.from([map[0]!, map[split - 1]! + 1, ...(split < n ? [map[split]!, map[n - 1]! + 1] : [0, 0])], (v) => BigInt(v));
}

/** The step graph's inputs for a column reorder (see STEP.cols): the indices where steps may flip, else a roll's runs. */
export function columnFeeds(ort: typeof Ort, name: string, map: Int32Array, flips: boolean): Record<string, Ort.Tensor> {
  if (flips) return { [name]: int64(ort, map) };
  const runs = columnRuns(map);
  return Object.fromEntries(RUN_PARTS.map((part, i) => [`${name}:${part}`, new ort.Tensor('int64', runs.slice(i, i + 1), [1])]));
}

const int64 = (ort: typeof Ort, map: Int32Array | BigInt64Array): Ort.Tensor =>
  new ort.Tensor('int64', map instanceof BigInt64Array ? map : BigInt64Array.from(map, (v) => BigInt(v)), [map.length]);

/** RGB pixels (as RgbImage holds them) -> three planes in the network's channel order (as the step graph keeps the picture). */
function toPlanes(rgb: Float32Array, planes: Float32Array, bgr: boolean): void {
  if (rgb.length !== planes.length) throw new Error(`a ${rgb.length / 3}-pixel picture loaded into a ${planes.length / 3}-pixel fused step`);
  const n = rgb.length / 3;
  const [r, g, b] = bgr ? [2 * n, n, 0] : [0, n, 2 * n];
  for (let p = 0; p < n; p++) {
    planes[r + p] = rgb[p * 3]!;
    planes[g + p] = rgb[p * 3 + 1]!;
    planes[b + p] = rgb[p * 3 + 2]!;
  }
}

/** The inverse of toPlanes. */
function fromPlanes(planes: Float32Array, rgb: Float32Array, bgr: boolean): void {
  const n = rgb.length / 3;
  const [r, g, b] = bgr ? [2 * n, n, 0] : [0, n, 2 * n];
  for (let p = 0; p < n; p++) {
    rgb[p * 3] = planes[r + p]!;
    rgb[p * 3 + 1] = planes[g + p]!;
    rgb[p * 3 + 2] = planes[b + p]!;
  }
}

/** What a fused stepper is built for: the picture's size, whether the network reads BGR, whether steps may flip. */
export interface StepperShape {
  readonly width: number;
  readonly height: number;
  readonly bgr: boolean;
  readonly flips: boolean;
}

/**
 * ONNX Runtime's fused step: each step is one session run. The image lives in two
 * preallocated tensors that the runs read from and write into in turn, so JavaScript
 * never touches the pixels until `read`.
 */
export class OrtFusedStepper implements FusedStepper {
  private current: Ort.Tensor;
  private spare: Ort.Tensor;
  private readonly lossOut: Ort.Tensor;
  private readonly seedFeeds: Record<string, Ort.Tensor> = {};
  private readonly bgr: boolean;
  private readonly flips: boolean;

  constructor(
    private readonly ort: typeof Ort,
    /** Asked every step, so a session the cache evicted meanwhile is rebuilt rather than used after release. */
    private readonly session: () => Promise<Ort.InferenceSession>,
    { width, height, bgr, flips }: StepperShape,
    seeds: ReadonlyMap<string, LinearSeed>,
  ) {
    [this.bgr, this.flips] = [bgr, flips];
    const dims = [1, 3, height, width];
    this.current = new ort.Tensor('float32', new Float32Array(width * height * 3), dims);
    this.spare = new ort.Tensor('float32', new Float32Array(width * height * 3), dims);
    this.lossOut = new ort.Tensor('float32', new Float32Array(1), []);
    for (const [layer, { scale, shift }] of seeds) {
      this.seedFeeds[scaleInput(layer)] = new ort.Tensor('float32', scale, [1, scale.length, 1, 1]);
      this.seedFeeds[shiftInput(layer)] = new ort.Tensor('float32', shift, [1, shift.length, 1, 1]);
    }
  }

  load(image: Pick<RgbImage, 'data'>): void {
    toPlanes(image.data, this.current.data as Float32Array, this.bgr);
  }

  async step({ axes, kernel, stepSize }: FusedStepInputs): Promise<number> {
    const { ort } = this;
    const feeds = {
      ...this.seedFeeds,
      [STEP.image]: this.current,
      [STEP.rows]: int64(ort, axes.rows),
      ...columnFeeds(ort, STEP.cols, axes.cols, this.flips),
      [STEP.rowsBack]: int64(ort, inverseMap(axes.rows)),
      ...columnFeeds(ort, STEP.colsBack, Int32Array.from(inverseMap(axes.cols), Number), this.flips),
      [STEP.kernel]: new ort.Tensor('float32', kernel, [kernel.length]),
      [STEP.stepSize]: new ort.Tensor('float32', Float32Array.of(stepSize), []),
    };
    const session = await this.session();
    // ONNX Runtime fills the fetched tensors themselves (what run() returns are copies of them).
    await session.run(feeds, { [STEP.newImage]: this.spare, [STEP.loss]: this.lossOut });
    [this.current, this.spare] = [this.spare, this.current];
    return (this.lossOut.data as Float32Array)[0]!;
  }

  async read(into: Float32Array): Promise<void> {
    fromPlanes(this.current.data as Float32Array, into, this.bgr);
  }

  /** The picture as RGB pixels in the spare tensor's buffer, for a stepper that is done (the step thread hands it back without another copy). */
  take(): Float32Array {
    const rgb = this.spare.data as Float32Array;
    fromPlanes(this.current.data as Float32Array, rgb, this.bgr);
    return rgb;
  }
}
