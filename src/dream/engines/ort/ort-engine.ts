import type * as Ort from 'onnxruntime-node';
import type { Activation, DreamEngine, LossAndGradient } from '../../engine.js';
import type { FusedStepper, FusedStepPlan } from '../../fused-step.js';
import type { RgbImage } from '../../../image/image.js';
import type { Network, Shape } from '../../network/graph.js';
import { layerShapes } from '../../network/shapes.js';
import type { Objective } from '../../objectives/objective.js';
import { OrtFusedStepper } from './fused-step.js';
import { SessionCache } from './session-cache.js';
import { OrtStepThread, type ThreadSession } from './step-thread.js';
import { buildStepGraph } from './step-graph.js';
import { graphFor, sessionOptionsFor, strictFromEnv, type OrtDevice } from './providers.js';
import { buildGradientGraph, GRADIENT_OUTPUT, IMAGE_INPUT, scaleInput, seedInput, shiftInput, type GraphMode } from './gradient-graph.js';

interface CachedSession {
  readonly session: Ort.InferenceSession;
  readonly shapes: ReadonlyMap<string, Shape>;
  release(): Promise<void>;
}

/** Sessions kept per (kind, layers, size): octaves and tiles reuse a handful of sizes. */
const MAX_SESSIONS = 4;

export interface OrtEngineOptions {
  readonly device: OrtDevice;
  readonly threads?: number;
  /** Fused steps on a worker thread (the CPU provider; default true there), so the main thread stays free between them. */
  readonly stepThread?: boolean;
}

/**
 * ONNX Runtime engine: compiles the network with its reverse pass into one ONNX graph per
 * input size, so a dream step is a single native call on all cores.
 */
export class OrtEngine implements DreamEngine {
  readonly name: string;
  private readonly sessions = new SessionCache<CachedSession>(MAX_SESSIONS);
  private readonly threadSessions = new SessionCache<ThreadSession>(MAX_SESSIONS);
  private readonly stepThread: OrtStepThread | undefined;

  constructor(
    private readonly ort: typeof Ort,
    readonly network: Network,
    private readonly options: OrtEngineOptions,
  ) {
    this.name = `ort-${options.device}`;
    this.stepThread = (options.stepThread ?? options.device === 'cpu') ? new OrtStepThread() : undefined;
  }

  /** Whether the network reads BGR (the fused step keeps its picture in the network's channel order). */
  private get bgr(): boolean {
    return this.network.preprocess.channelOrder === 'BGR';
  }

  private session(mode: GraphMode, layers: readonly string[], height: number, width: number): Promise<CachedSession> {
    return this.sessions.get(`${mode}|${layers.join(',')}|${height}x${width}`, async () => {
      const { bytes, shapes } = buildGradientGraph({ network: this.network, layers, height, width, mode });
      const session = await this.ort.InferenceSession.create(graphFor(this.options.device, bytes), this.sessionOptions());
      return { session, shapes, release: () => session.release() };
    });
  }

  private sessionOptions(): Ort.InferenceSession.SessionOptions {
    const { device, threads } = this.options;
    return sessionOptionsFor(device, { ...(threads !== undefined ? { threads } : {}), strict: strictFromEnv() });
  }

  async fusedStepper(plan: FusedStepPlan): Promise<FusedStepper | undefined> {
    const { objective, height, width } = plan;
    const seeds = objective.linearSeeds(layerShapes(this.network, objective.layers, height, width));
    if (!seeds) return undefined;
    const key = `step|${objective.layers.join(',')}|${height}x${width}|${plan.normalise}|r${plan.blurRadius}${plan.flips ? '|flips' : ''}`;
    const bytes = (): Uint8Array => graphFor(this.options.device, buildStepGraph({ network: this.network, layers: objective.layers, ...plan }));
    const thread = this.stepThread;
    if (thread) {
      const session = (): Promise<ThreadSession> => this.threadSessions.get(key, () => thread.open(bytes(), this.sessionOptions()));
      await session();
      return thread.stepper(session, { width, height, bgr: this.bgr, flips: plan.flips }, seeds);
    }
    const session = async (): Promise<Ort.InferenceSession> =>
      (
        await this.sessions.get(key, async () => {
          const session = await this.ort.InferenceSession.create(bytes(), this.sessionOptions());
          return { session, shapes: new Map(), release: () => session.release() };
        })
      ).session;
    await session();
    return new OrtFusedStepper(this.ort, session, { width, height, bgr: this.bgr, flips: plan.flips }, seeds);
  }

  private imageFeed(image: RgbImage): Ort.Tensor {
    return new this.ort.Tensor('float32', image.data, [1, image.height, image.width, 3]);
  }

  private static activations(
    results: Ort.InferenceSession.OnnxValueMapType,
    layers: readonly string[],
    shapes: ReadonlyMap<string, Shape>,
  ): Map<string, Activation> {
    return new Map(layers.map((l) => [l, { shape: shapes.get(l)!, data: results[l]!.data as Float32Array }]));
  }

  async activations(image: RgbImage, layers: readonly string[]): Promise<Map<string, Activation>> {
    const { session, shapes } = await this.session('forward', layers, image.height, image.width);
    const results = await session.run({ [IMAGE_INPUT]: this.imageFeed(image) });
    return OrtEngine.activations(results, layers, shapes);
  }

  async lossAndGradient(image: RgbImage, objective: Objective): Promise<LossAndGradient> {
    const layers = objective.layers;
    const { height, width } = image;
    const linear = objective.linearSeeds(layerShapes(this.network, layers, height, width));
    const feeds: Record<string, Ort.Tensor> = { [IMAGE_INPUT]: this.imageFeed(image) };
    let run: CachedSession;
    let acts: Map<string, Activation> | undefined;
    if (linear) {
      run = await this.session('linear', layers, height, width);
      for (const [layer, { scale, shift }] of linear) {
        feeds[scaleInput(layer)] = new this.ort.Tensor('float32', scale, [1, scale.length, 1, 1]);
        feeds[shiftInput(layer)] = new this.ort.Tensor('float32', shift, [1, shift.length, 1, 1]);
      }
    } else {
      acts = await this.activations(image, layers);
      run = await this.session('seeded', layers, height, width);
      for (const [layer, seed] of objective.seeds(acts)) feeds[seedInput(layer)] = new this.ort.Tensor('float32', seed, [1, ...run.shapes.get(layer)!]);
    }
    const results = await run.session.run(feeds);
    acts ??= OrtEngine.activations(results, layers, run.shapes);
    return { loss: objective.loss(acts), gradient: results[GRADIENT_OUTPUT]!.data as Float32Array };
  }

  liveResources(): number {
    return this.sessions.size + this.threadSessions.size;
  }

  async dispose(): Promise<void> {
    await Promise.all([this.sessions.clear(), this.threadSessions.clear()]);
    await this.stepThread?.close();
  }
}
