import type * as TF from '@tensorflow/tfjs';
import type { Activation, DreamEngine, LossAndGradient } from '../../engine.js';
import type { RgbImage } from '../../../image/image.js';
import { ancestorsOf, type NetNode, type Network } from '../../network/graph.js';
import { layerShapes, inferShapes } from '../../network/shapes.js';
import type { Objective } from '../../objectives/objective.js';
import { tfjsRuleFor } from '../../ops/tfjs-rules.js';
import type { TfModule } from '../../ops/tfjs-rule.js';

export type { TfModule };

/**
 * tfjs engine: runs the network description op by op (NHWC) with tfjs ops, weights held as
 * constant tensors and convolutions carrying input-only gradients, so the gradient is taken
 * with respect to the image alone and backward passes reuse the fast forward kernels.
 */
export class TfjsEngine implements DreamEngine {
  readonly name: string;
  private readonly prepared = new Map<string, unknown>();

  constructor(
    private readonly tf: TfModule,
    readonly network: Network,
    backend: string,
  ) {
    this.name = `tfjs-${backend}`;
  }

  /** RGB [0,1] NHWC -> the network's input, inside the differentiated function. */
  private preprocess(x: TF.Tensor4D): TF.Tensor4D {
    const { tf } = this;
    const pre = this.network.preprocess;
    const ordered = pre.channelOrder === 'BGR' ? tf.reverse(x, 3) : x;
    return tf.add(tf.mul(ordered, tf.tensor1d([...pre.scale])), tf.tensor1d([...pre.offset]));
  }

  private forward(x: TF.Tensor4D, layers: readonly string[]): Map<string, TF.Tensor4D> {
    const nodes = ancestorsOf(this.network, layers);
    const [, h, w] = x.shape;
    const shapes = inferShapes(this.network, h, w, nodes);
    const values = new Map<string, TF.Tensor4D>([[this.network.input, this.preprocess(x)]]);
    for (const node of nodes) {
      const rule = tfjsRuleFor(node);
      if (!this.prepared.has(node.name)) this.prepared.set(node.name, this.prepare(node));
      const inputs = node.inputs.map((i) => values.get(i)!);
      values.set(
        node.name,
        rule.forward({ tf: this.tf, node, prepared: this.prepared.get(node.name), inputs, inShapes: node.inputs.map((i) => shapes.get(i)!) }),
      );
    }
    return values;
  }

  /** Weights live as long as the engine: kept out of every tidy scope. */
  private prepare(node: NetNode): unknown {
    const prepared = this.tf.tidy(() => (tfjsRuleFor(node).prepare?.(this.tf, node) ?? null) as TF.TensorContainer);
    const keep = (v: unknown): void => {
      if (v instanceof this.tf.Tensor) this.tf.keep(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(keep);
    };
    keep(prepared);
    return prepared;
  }

  private imageTensor(image: RgbImage): TF.Tensor4D {
    return this.tf.tensor4d(image.data, [1, image.height, image.width, 3]);
  }

  async activations(image: RgbImage, layers: readonly string[]): Promise<Map<string, Activation>> {
    const shapes = layerShapes(this.network, layers, image.height, image.width);
    const chw = this.tf.tidy(() => {
      const values = this.forward(this.imageTensor(image), layers);
      return layers.map((l) => this.tf.transpose(values.get(l)!, [0, 3, 1, 2]));
    });
    const data = await Promise.all(chw.map((t) => t.data() as Promise<Float32Array>));
    this.tf.dispose(chw);
    return new Map(layers.map((l, i) => [l, { shape: shapes.get(l)!, data: data[i]! }]));
  }

  async lossAndGradient(image: RgbImage, objective: Objective): Promise<LossAndGradient> {
    const { tf } = this;
    const layers = objective.layers;
    const shapes = layerShapes(this.network, layers, image.height, image.width);
    const linear = objective.linearSeeds(shapes);
    // A linear seed a*scale + shift is the gradient of sum(scale*a²/2 + shift*a), which is the loss itself.
    const acts = linear ? undefined : await this.activations(image, layers);
    const seeds = acts && objective.seeds(acts);
    const [value, grad] = tf.tidy(() => {
      const f = (x: TF.Tensor): TF.Scalar => {
        const values = this.forward(x as TF.Tensor4D, layers);
        const parts = layers.map((l) => {
          const a = values.get(l)!;
          if (linear) {
            const { scale, shift } = linear.get(l)!;
            return tf.sum(tf.add(tf.mul(tf.mul(a, a), tf.tensor1d(scale).mul(0.5)), tf.mul(a, tf.tensor1d(shift))));
          }
          const [c, h, w] = shapes.get(l)!;
          return tf.sum(tf.mul(a, tf.transpose(tf.tensor4d(seeds!.get(l)!, [1, c, h, w]), [0, 2, 3, 1])));
        });
        return tf.addN(parts) as TF.Scalar;
      };
      const { value, grad } = tf.valueAndGrad(f)(this.imageTensor(image));
      return [value, grad];
    });
    const [lossValue, gradient] = await Promise.all([value.data(), grad.data() as Promise<Float32Array>]);
    tf.dispose([value, grad]);
    return { loss: acts ? objective.loss(acts) : lossValue[0]!, gradient };
  }

  liveResources(): number {
    return this.tf.memory().numTensors;
  }

  async dispose(): Promise<void> {
    for (const p of this.prepared.values()) this.tf.dispose(p as TF.TensorContainer);
    this.prepared.clear();
  }
}
