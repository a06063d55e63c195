import { lastValueFrom, merge, tap, type Observable } from 'rxjs';
import type { Objective } from '../dream/objectives/index.js';
import { Checkpoint } from '../pipeline/checkpoint.js';
import type { RenderEvent } from '../pipeline/events.js';
import type { RenderControls } from '../pipeline/render.js';
import type { RawDreamFlags } from './dream-options.js';
import { objectiveSchedule, type RawFrameFlags } from './frame-options.js';
import { progressSink, type OutputFlags } from './output.js';
import { openSession, type DreamSession } from './session.js';
import { stopSignals } from './signals.js';
import { checkDreamSizeOrClose, type DreamSize } from './dream-size.js';

/** Even sides: H.264 with yuv420p needs them. */
export const evenSide = (n: number): number => Math.max(2, Math.round(n / 2) * 2);

type FrameFlags = RawDreamFlags & RawFrameFlags & OutputFlags & { output: string };

/**
 * What render and zoom share once their inputs are validated: open the model and backend, wire
 * the progress display and Ctrl-C / q / p to the pipeline, run it, and clean up whatever happens.
 */
export async function runFrames(
  flags: FrameFlags,
  size: DreamSize,
  start: (session: DreamSession, objectiveAt: (index: number) => Objective, controls: RenderControls) => Observable<RenderEvent> | Promise<Observable<RenderEvent>>,
): Promise<void> {
  if (flags.restart) await Checkpoint.discard(flags.output);
  // The session first: its mistakes (an unknown layer) print as one plain line, before any UI draws.
  const session = await openSession(flags, (line) => process.stderr.write(line + '\n'));
  // Before a frame is decoded: the flow pipeline holds about 8 more full-size frames.
  await checkDreamSizeOrClose(session, { heldFrames: 8, ...size });
  const sink = await progressSink(flags);
  const signals = stopSignals((message) => sink.next({ type: 'warning', message }));
  try {
    const objectiveAt = objectiveSchedule(session, flags);
    const events$ = await start(session, objectiveAt, { stop$: merge(signals.stop$, sink.stop$), paused$: sink.paused$ });
    await lastValueFrom(events$.pipe(tap((e) => sink.next(e))), { defaultValue: undefined });
  } finally {
    signals.dispose();
    await sink.close();
    await session.engine.dispose();
  }
}
