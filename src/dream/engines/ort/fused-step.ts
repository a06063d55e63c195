import type * as Ort from 'onnxruntime-node';
import type { FusedStepInputs, FusedStepper, FusedStepPlan } from '../../fused-step.js';
import type { RgbImage } from '../../image.js';
import type { AxisMap } from '../../transforms.js';
import type { LinearSeed } from '../../objectives/objective.js';
import { scaleInput, shiftInput } from './gradient-graph.js';
import { axisInputs, STEP, type Axis, type Direction } from './step-graph.js';

/** The map that undoes `m`: i = offset + sign·j  =>  j = -sign·offset + sign·i. */
export const inverseMap = (m: AxisMap): AxisMap => ({ offset: -m.sign * m.offset, sign: m.sign });

/** Slice values that realise `m` on an axis of `n`: mirror when the sign is -1, then roll by s (cut at n - s). */
export function axisSlices(m: AxisMap, n: number): { flipStart: number; flipEnd: number; flipStep: number; cut: number } {
  const mod = (v: number): number => ((v % n) + n) % n;
  // Mirrored: out[j] = in[n-1-((j - s) mod n)] = in[(c - j) mod n] when s = c - (n - 1).
  const roll = m.sign === 1 ? mod(-m.offset) : mod(m.offset - (n - 1));
  const mirror = m.sign === 1 ? { flipStart: 0, flipEnd: n, flipStep: 1 } : { flipStart: n - 1, flipEnd: -n - 1, flipStep: -1 };
  return { ...mirror, cut: n - roll };
}

function axisFeeds(ort: typeof Ort, direction: Direction, axis: Axis, m: AxisMap, n: number): Record<string, Ort.Tensor> {
  const values = axisSlices(m, n);
  const names = axisInputs(direction, axis);
  const one = (v: number): Ort.Tensor => new ort.Tensor('int64', BigInt64Array.of(BigInt(v)), [1]);
  return { [names.flipStart]: one(values.flipStart), [names.flipEnd]: one(values.flipEnd), [names.flipStep]: one(values.flipStep), [names.cut]: one(values.cut) };
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

  constructor(
    private readonly ort: typeof Ort,
    /** Asked every step, so a session the cache evicted meanwhile is rebuilt rather than used after release. */
    private readonly session: () => Promise<Ort.InferenceSession>,
    private readonly plan: FusedStepPlan,
    seeds: ReadonlyMap<string, LinearSeed>,
  ) {
    const dims = [1, plan.height, plan.width, 3];
    this.current = new ort.Tensor('float32', new Float32Array(plan.width * plan.height * 3), dims);
    this.spare = new ort.Tensor('float32', new Float32Array(plan.width * plan.height * 3), dims);
    this.lossOut = new ort.Tensor('float32', new Float32Array(1), []);
    for (const [layer, { scale, shift }] of seeds) {
      this.seedFeeds[scaleInput(layer)] = new ort.Tensor('float32', scale, [1, scale.length, 1, 1]);
      this.seedFeeds[shiftInput(layer)] = new ort.Tensor('float32', shift, [1, shift.length, 1, 1]);
    }
  }

  load(image: RgbImage): void {
    (this.current.data as Float32Array).set(image.data);
  }

  async step({ axes, kernel, stepSize }: FusedStepInputs): Promise<number> {
    const { ort } = this;
    const { width, height } = this.plan;
    const feeds = {
      ...this.seedFeeds,
      [STEP.image]: this.current,
      ...axisFeeds(ort, 'in', 'rows', axes.rows, height),
      ...axisFeeds(ort, 'in', 'cols', axes.cols, width),
      ...axisFeeds(ort, 'back', 'rows', inverseMap(axes.rows), height),
      ...axisFeeds(ort, 'back', 'cols', inverseMap(axes.cols), width),
      [STEP.kernel]: new ort.Tensor('float32', kernel, [kernel.length]),
      [STEP.stepSize]: new ort.Tensor('float32', Float32Array.of(stepSize), []),
    };
    const session = await this.session();
    // ONNX Runtime fills the fetched tensors themselves (what run() returns are copies of them).
    await session.run(feeds, { [STEP.newImage]: this.spare, [STEP.loss]: this.lossOut });
    [this.current, this.spare] = [this.spare, this.current];
    return (this.lossOut.data as Float32Array)[0]!;
  }

  read(into: Float32Array): void {
    into.set(this.current.data as Float32Array);
  }

}
