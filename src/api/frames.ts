import { finalize, Observable, Subject, type Subscription } from 'rxjs';
import type { Objective } from '../dream/objectives/index.js';
import type { RenderEvent } from '../pipeline/events.js';
import { renderFrames, type FrameJob, type FrameSources } from '../pipeline/render.js';
import type { DreamSession } from '../cli/session.js';

/** A validated frame render with its model open: what `render` and `zoom` plan before a frame is dreamed. */
export interface FramePlan {
  readonly session: DreamSession;
  readonly job: FrameJob;
  readonly sources: FrameSources;
  readonly objectiveAt: (index: number) => Objective;
}

/**
 * The render events of a plan made on subscription. Unsubscribing stops the render (the
 * partial file and checkpoint stay); the engine is disposed however it ends.
 */
export function frameEvents(plan: () => Promise<FramePlan>): Observable<RenderEvent> {
  return new Observable<RenderEvent>((subscriber) => {
    const stop$ = new Subject<void>();
    let inner: Subscription | undefined;
    let cancelled = false;
    plan().then(
      ({ session, job, sources, objectiveAt }) => {
        const disposeEngine = (): void => void session.engine.dispose();
        if (cancelled) return disposeEngine();
        inner = renderFrames(session.engine, job, sources, objectiveAt, { stop$ }).pipe(finalize(disposeEngine)).subscribe(subscriber);
      },
      (e: unknown) => subscriber.error(e),
    );
    return () => {
      cancelled = true;
      stop$.next();
      inner?.unsubscribe();
    };
  });
}
