import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { lastValueFrom, tap, type Observable } from 'rxjs';
import type { Objective } from '../dream/objectives/index.js';
import { Checkpoint } from '../pipeline/checkpoint.js';
import { modelIdentity } from '../pipeline/checkpoint-identity.js';
import type { RenderEvent } from '../pipeline/events.js';
import { lockOutput } from '../pipeline/output-lock.js';
import type { RenderControls } from '../pipeline/render.js';
import type { RawDreamFlags } from './dream-options.js';
import { objectiveSchedule, type RawFrameFlags } from './frame-options.js';
import { progressSink, type OutputFlags } from './output.js';
import { openSession, type DreamSession } from './session.js';
import { stopSignals } from './signals.js';
import { checkDreamSizeOrClose, type DreamSize } from './dream-size.js';
import { Stopped } from './stopped.js';

/** Even sides: H.264 with yuv420p needs them. */
export const evenSide = (n: number): number => Math.max(2, Math.round(n / 2) * 2);

type FrameFlags = RawDreamFlags & RawFrameFlags & OutputFlags & { output: string };

/** A picture's identity is its content: the same name with other pixels is another render. */
export const contentHash = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** What shapes frames beyond the dream settings, shared by render and zoom: pictures by content. */
export function sharedIdentity(flags: FrameFlags, session: DreamSession): Record<string, unknown> {
  return {
    objective: flags.layerSchedule ?? session.objective.description,
    spec: session.spec,
    ...modelIdentity(session.network),
    ...(flags.layerSchedule ? { scheduleMode: flags.scheduleMode ?? 'blend' } : {}),
    ...(flags.guide ? { guide: contentHash(flags.guide) } : {}),
  };
}

/**
 * What render and zoom share once their inputs are validated: lock the output, open the model and
 * backend, wire the progress display and Ctrl-C / q / p to the pipeline, run it, and clean up
 * whatever happens. A stopped run ends in `Stopped` (exit 130, or 143 for SIGTERM).
 */
type StartFrames = (session: DreamSession, objectiveAt: (index: number) => Objective, controls: RenderControls) => Observable<RenderEvent> | Promise<Observable<RenderEvent>>;

export async function runFrames(flags: FrameFlags, size: DreamSize, start: StartFrames): Promise<void> {
  const release = lockOutput(flags.output);
  try {
    if (flags.restart) await Checkpoint.discard(flags.output);
    // The session first: its mistakes (an unknown layer) print as one plain line, before any UI draws.
    const session = await openSession(flags, (line) => process.stderr.write(line + '\n'));
    // Before a frame is decoded: the flow pipeline holds about 8 more full-size frames.
    await checkDreamSizeOrClose(session, { heldFrames: 8, ...size });
    await runWithSession(flags, session, start);
  } finally {
    release();
  }
}

/** The progress display and the keys and signals wired to the pipeline; the engine is disposed whatever happens. */
async function runWithSession(flags: FrameFlags, session: DreamSession, start: StartFrames): Promise<void> {
  const sink = await progressSink(flags);
  const signals = stopSignals((message) => sink.next({ type: 'warning', message }), sink.stop$);
  try {
    const objectiveAt = objectiveSchedule(session, flags);
    const events$ = await start(session, objectiveAt, { stop$: signals.stop$, paused$: sink.paused$ });
    await lastValueFrom(events$.pipe(tap((e) => sink.next(e))), { defaultValue: undefined });
  } finally {
    signals.dispose();
    await sink.close();
    await session.engine.dispose();
  }
  const code = signals.code();
  if (code !== undefined) throw new Stopped(code);
}
