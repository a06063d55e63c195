import type { RenderEvent } from '../pipeline/events.js';
import { clock, paramsLine } from './progress-state.js';

/** One line per finished frame (and per octave for single pictures): for pipes, CI and --plain. */
export function plainReporter(): (event: RenderEvent) => string | undefined {
  let singlePicture = false;
  return (event) => {
    if (event.type === 'start') singlePicture = event.frames === 1;
    if (event.type === 'step' && !singlePicture) return undefined;
    return plainLine(event);
  };
}

function plainLine(event: RenderEvent): string | undefined {
  switch (event.type) {
    case 'start':
      return `dreamreel ${event.command}: ${event.input} -> ${event.output} (${event.width}x${event.height}, ${event.frames} frame${event.frames === 1 ? '' : 's'}), model ${event.model}, ${event.objective}, backend ${event.backend}${event.resumedFrom ? `, resuming at frame ${event.resumedFrom + 1}` : ''}`;
    case 'step':
      return event.step === event.steps - 1 ? `  octave ${event.octave + 1}/${event.octaves}  loss ${event.loss.toFixed(3)}` : undefined;
    case 'frame-done':
      return `frame ${event.frame + 1}/${event.frames}  loss ${event.loss.toFixed(3)}  ${(event.ms / 1000).toFixed(1)} s  ${event.fpm.toFixed(1)} frames/min  ETA ${clock(event.etaSeconds)}${event.params ? `  ${paramsLine(event.params)}` : ''}`;
    case 'warning':
      return `warning: ${event.message}`;
    case 'done':
      return `${event.stopped ? 'stopped' : 'done'}: ${event.output} (${event.frames} frame${event.frames === 1 ? '' : 's'} in ${clock(event.seconds)})`;
    default:
      return undefined;
  }
}

/** NDJSON for scripts: every event, pictures left out. */
export function jsonLine(event: RenderEvent): string {
  if (event.type === 'frame-done') {
    const { image: _image, ...rest } = event;
    return JSON.stringify(rest);
  }
  return JSON.stringify(event);
}
