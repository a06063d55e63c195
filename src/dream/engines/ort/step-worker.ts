import type * as Ort from 'onnxruntime-node';
import { serveRequests, type Answer } from '../../../threads/serve-requests.js';
import { OrtFusedStepper } from './fused-step.js';
import type { StepRequest } from './step-messages.js';

/**
 * The worker side of step-thread.ts: ONNX Runtime's sessions and the pictures of the fused
 * steps live here, so the blocking native run of each step never holds the main thread, where
 * the flow, warp, checkpoint and encoder of the neighbouring frames go on meanwhile.
 */
// Loaded as the engine loads it (never up front): this module runs only on the step thread.
const ort = await import('onnxruntime-node');
const sessions = new Map<number, Promise<Ort.InferenceSession>>();
/** Each stepper with the session its next step runs on (a session the cache evicted is reopened under a new number). */
const steppers = new Map<number, { stepper: OrtFusedStepper; session: number }>();

function sessionOf(id: number): Promise<Ort.InferenceSession> {
  const session = sessions.get(id);
  if (!session) throw new Error(`step session ${id} is not open`);
  return session;
}

function stepperOf(id: number): { stepper: OrtFusedStepper; session: number } {
  const entry = steppers.get(id);
  if (!entry) throw new Error(`fused stepper ${id} is not loaded`);
  return entry;
}

async function handle(r: StepRequest): Promise<Answer> {
  switch (r.op) {
    case 'open': {
      const created = ort.InferenceSession.create(r.bytes, r.options);
      sessions.set(r.session, created);
      // A session that failed to build is not kept: the engine's cache asks again under a new number.
      await created.catch((e: unknown) => {
        sessions.delete(r.session);
        throw e;
      });
      return { reply: {} };
    }
    case 'close': {
      const session = sessions.get(r.session);
      sessions.delete(r.session);
      await (await session)?.release();
      return { reply: {} };
    }
    case 'load': {
      const at = { session: -1 };
      const stepper = new OrtFusedStepper(ort, () => sessionOf(at.session), r, new Map(r.seeds));
      stepper.load({ data: r.image });
      steppers.set(r.stepper, Object.assign(at, { stepper }));
      return { reply: {} };
    }
    case 'step': {
      const entry = stepperOf(r.stepper);
      entry.session = r.session;
      return { reply: { loss: await entry.stepper.step({ axes: r, kernel: r.kernel, stepSize: r.stepSize }) } };
    }
    case 'read': {
      const { stepper } = stepperOf(r.stepper);
      steppers.delete(r.stepper);
      const image = stepper.take();
      return { reply: { image }, transfer: [image.buffer as ArrayBuffer] };
    }
  }
}

serveRequests<StepRequest>(handle, (r, e) => `the fused ${r.op} on the step thread failed: ${e instanceof Error ? e.message : String(e)}`);
