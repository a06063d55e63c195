import React, { useRef, useState } from 'react';
import { Box, Static, Text, useInput } from 'ink';
import type { Observable } from 'rxjs';
import type { RenderEvent } from '../pipeline/events.js';
import { halfBlocks } from './half-blocks.js';
import { clock, paramsLine } from './progress-state.js';
import { sparkline } from './sparkline.js';
import { useRenderProgress } from './use-render-progress.js';

export interface RenderAppProps {
  /** The pipeline's events; the only thing the UI knows of the work. */
  readonly events: Observable<RenderEvent>;
  /** The user asked to stop cleanly (q). */
  readonly onStop: (key: 'q' | 'ctrl-c') => void;
  /** The user paused (true) or resumed (false) with p. */
  readonly onPause: (paused: boolean) => void;
  /** Columns for the frame preview. */
  readonly previewColumns?: number;
}

function bar(done: number, total: number, width: number): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return '█'.repeat(filled) + '░'.repeat(Math.max(0, width - filled));
}

/** q and Ctrl-C ask to stop, p pauses, v toggles the preview; read at once, so quick presses never count twice. */
function useKeys(onStop: RenderAppProps['onStop'], onPause: RenderAppProps['onPause']): { paused: boolean; preview: boolean; stopping: boolean } {
  const [paused, setPaused] = useState(false);
  const [preview, setPreview] = useState(true);
  const [stopping, setStopping] = useState(false);
  const asked = useRef(false);
  const pausedNow = useRef(false);
  useInput((input, key) => {
    // The terminal is in raw mode: Ctrl-C arrives here, not as SIGINT.
    // A second Ctrl-C is passed on too: it means quit at once.
    if (key.ctrl && input === 'c') {
      asked.current = true;
      setStopping(true);
      onStop('ctrl-c');
    } else if (input === 'q' && !asked.current) {
      asked.current = true;
      setStopping(true);
      onStop('q');
    } else if (input === 'p') {
      pausedNow.current = !pausedNow.current;
      onPause(pausedNow.current);
      setPaused(pausedNow.current);
    } else if (input === 'v') setPreview(!preview);
  });
  return { paused, preview, stopping };
}

/** The live panel: title, progress, octave and step, loss sparklines, preview and warnings, above a log of finished frames. */
export function RenderApp({ events, onStop, onPause, previewColumns = 48 }: RenderAppProps): React.JSX.Element {
  const s = useRenderProgress(events);
  const { paused, preview, stopping } = useKeys(onStop, onPause);
  const t = s.title;
  return (
    <>
      <Static items={s.log.map((line, i) => ({ line, i }))}>
        {({ line, i }) => (
          <Text key={i} dimColor>
            {line}
          </Text>
        )}
      </Static>
      <Box flexDirection="column">
        {t && (
          <Text>
            <Text bold>dreamreel {t.command}</Text> {t.input} → {t.output} · {t.model} · {t.objective} · <Text color="cyan">{t.backend}</Text>
          </Text>
        )}
        <Text>
          {bar(s.framesDone, s.frames, 30)} {s.framesDone}/{s.frames} frames · {s.fpm.toFixed(1)} frames/min · ETA {clock(s.etaSeconds)}
          {paused ? ' · paused' : ''}
          {stopping ? ' · stopping…' : ''}
        </Text>
        <Text>
          frame {s.frame + 1} · octave {s.octave + 1}/{s.octaves} · step {s.step + 1}/{s.steps} · loss {(s.stepLosses.at(-1) ?? 0).toFixed(2)}
          {s.params ? <Text color="magenta"> · {paramsLine(s.params)}</Text> : null}
        </Text>
        <Text>
          loss this frame {sparkline(s.stepLosses, 40)} · per frame {sparkline(s.frameLosses, 30)}
        </Text>
        {preview && s.latest && halfBlocks(s.latest, previewColumns).map((row, i) => <Text key={i}>{row}</Text>)}
        {s.warnings.map((w, i) => (
          <Text key={i} color="yellow">
            ⚠ {w}
          </Text>
        ))}
        {s.finished && (
          <Text color={s.finished.stopped ? 'yellow' : 'green'}>
            {s.finished.stopped
              ? `stopped after ${s.finished.frames} frames: ${s.finished.output} plays what is done; add --resume to continue`
              : `done: ${s.finished.output} (${s.finished.frames} frame${s.finished.frames === 1 ? '' : 's'} in ${clock(s.finished.seconds)})`}
          </Text>
        )}
        <Text dimColor>q stop · p pause · v preview</Text>
      </Box>
    </>
  );
}
