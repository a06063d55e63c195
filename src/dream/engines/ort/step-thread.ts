import type * as Ort from 'onnxruntime-node';
import type { FusedStepInputs, FusedStepper } from '../../fused-step.js';
import type { RgbImage } from '../../../image/image.js';
import type { LinearSeed } from '../../objectives/objective.js';
import { siblingModule } from '../../../threads/module-worker.js';
import { RequestWorker } from '../../../threads/request-worker.js';
import type { StepperShape } from './fused-step.js';

/** A step session open on the step thread. */
export interface ThreadSession {
  readonly id: number;
  release(): Promise<void>;
}

/**
 * ONNX Runtime's fused steps on a worker thread (step-worker.ts). A session run blocks the
 * thread that calls it; on the main thread that starved everything a video frame does beside
 * its steps (the next frame's flow answers, the checkpoint and encoder writes), which then
 * waited for the gaps between steps. The picture stays on the step thread between steps.
 */
export class OrtStepThread {
  private readonly thread = new RequestWorker(siblingModule(import.meta.url, 'step-worker'), 'the dream step thread');
  private nextSession = 0;
  private nextStepper = 0;

  async open(bytes: Uint8Array, options: Ort.InferenceSession.SessionOptions): Promise<ThreadSession> {
    const session = this.nextSession++;
    await this.thread.request({ op: 'open', session, bytes, options });
    return { id: session, release: async () => void (await this.thread.request({ op: 'close', session })) };
  }

  /** A stepper whose every step runs on the session `session` gives then (reopened if the cache let it go). */
  stepper(session: () => Promise<ThreadSession>, size: StepperShape, seeds: ReadonlyMap<string, LinearSeed>): FusedStepper {
    return new ThreadStepper(this.thread, this.nextStepper++, session, size, seeds);
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

class ThreadStepper implements FusedStepper {
  private loaded: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly thread: RequestWorker,
    private readonly id: number,
    private readonly session: () => Promise<ThreadSession>,
    private readonly size: StepperShape,
    private readonly seeds: ReadonlyMap<string, LinearSeed>,
  ) {}

  load(image: Pick<RgbImage, 'data'>): void {
    this.loaded = this.thread.request({ op: 'load', stepper: this.id, ...this.size, seeds: [...this.seeds], image: image.data });
    // Reported by the next step or read, which await it.
    this.loaded.catch(() => undefined);
  }

  async step({ axes, kernel, stepSize }: FusedStepInputs): Promise<number> {
    await this.loaded;
    const { id: session } = await this.session();
    const reply = await this.thread.request<{ loss: number }>({ op: 'step', stepper: this.id, session, rows: axes.rows, cols: axes.cols, kernel, stepSize });
    return reply.loss;
  }

  async read(into: Float32Array): Promise<void> {
    await this.loaded;
    into.set((await this.thread.request<{ image: Float32Array }>({ op: 'read', stepper: this.id })).image);
  }
}
