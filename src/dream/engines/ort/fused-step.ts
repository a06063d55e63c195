import type * as Ort from 'onnxruntime-node';
import type { FusedStepInputs, FusedStepper } from '../../fused-step.js';
import type { RgbImage } from '../../../image/image.js';
import type { LinearSeed } from '../../objectives/objective.js';
import { scaleInput, shiftInput } from './gradient-graph.js';
import { STEP } from './step-graph.js';

/** Position of each index in a reordering: gathering by it undoes gathering by `map`. */
export function inverseMap(map: Int32Array): BigInt64Array {
  const out = new BigInt64Array(map.length);
  for (let i = 0; i < map.length; i++) out[map[i]!] = BigInt(i);
  return out;
}

const int64 = (ort: typeof Ort, map: Int32Array | BigInt64Array): Ort.Tensor =>
  new ort.Tensor('int64', map instanceof BigInt64Array ? map : BigInt64Array.from(map, (v) => BigInt(v)), [map.length]);

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

  constructor(
    private readonly ort: typeof Ort,
    /** Asked every step, so a session the cache evicted meanwhile is rebuilt rather than used after release. */
    private readonly session: () => Promise<Ort.InferenceSession>,
    { width, height }: { readonly width: number; readonly height: number },
    seeds: ReadonlyMap<string, LinearSeed>,
  ) {
    const dims = [1, height, width, 3];
    this.current = new ort.Tensor('float32', new Float32Array(width * height * 3), dims);
    this.spare = new ort.Tensor('float32', new Float32Array(width * height * 3), dims);
    this.lossOut = new ort.Tensor('float32', new Float32Array(1), []);
    for (const [layer, { scale, shift }] of seeds) {
      this.seedFeeds[scaleInput(layer)] = new ort.Tensor('float32', scale, [1, scale.length, 1, 1]);
      this.seedFeeds[shiftInput(layer)] = new ort.Tensor('float32', shift, [1, shift.length, 1, 1]);
    }
  }

  load(image: Pick<RgbImage, 'data'>): void {
    (this.current.data as Float32Array).set(image.data);
  }

  async step({ axes, kernel, stepSize }: FusedStepInputs): Promise<number> {
    const { ort } = this;
    const feeds = {
      ...this.seedFeeds,
      [STEP.image]: this.current,
      [STEP.rows]: int64(ort, axes.rows),
      [STEP.cols]: int64(ort, axes.cols),
      [STEP.rowsBack]: int64(ort, inverseMap(axes.rows)),
      [STEP.colsBack]: int64(ort, inverseMap(axes.cols)),
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
    into.set(this.current.data as Float32Array);
  }

  /** The held image itself, for a stepper that is done (the step thread hands it back without a copy). */
  take(): Float32Array {
    return this.current.data as Float32Array;
  }
}
