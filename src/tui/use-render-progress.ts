import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';
import type { RenderEvent } from '../pipeline/events.js';
import { initialProgress, reduceProgress, type ProgressState } from './progress-state.js';

/** Folds the pipeline's event stream into UI state; the UI only ever reads. */
export function useRenderProgress(events: Observable<RenderEvent>): ProgressState {
  const [state, setState] = useState(initialProgress);
  useEffect(() => {
    const subscription = events.subscribe((event) => setState((s) => reduceProgress(s, event)));
    return () => subscription.unsubscribe();
  }, [events]);
  return state;
}
