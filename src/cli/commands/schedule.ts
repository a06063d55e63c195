import type { Command } from 'commander';
import type { ScheduleCommandFlags } from '../../api/schedule.js';

interface ScheduleFlags extends ScheduleCommandFlags {
  json?: boolean;
}

/** The options whose range --as checks (api/schedule.ts SCHEDULE_AS; written out so --help loads nothing). */
const AS_NAMES = 'zoom, rotate, shift, lr, stepsNext, blend, octaveScale, layerWeight';

function printValues(values: Float64Array, fps: number, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify({ fps, frames: values.length, values: Array.from(values, (v) => +v.toPrecision(12)) }) + '\n');
    return;
  }
  const lines = Array.from(values, (v, frame) => `${frame}\t${+(frame / fps).toFixed(4)}\t${+v.toPrecision(8)}`);
  process.stdout.write(`frame\tseconds\tvalue\n${lines.join('\n')}\n`);
}

export function scheduleCommand(program: Command): void {
  program
    .command('schedule')
    .description('evaluate a schedule ("0:(1), 48:(1.05)", "1 + 0.02*sin(2*pi*s)") over a render\'s frames: print its values, draw its curve')
    .argument('<schedule>', 'a number, an expression, or Deforum keyframes FRAME:(EXPRESSION), ...')
    .option('--frames <n>', 'frames to evaluate', '120')
    .option('--fps <rate>', 'frame rate (for s and keys in seconds)', '24')
    .option('--plot <file>', 'draw the curve as a picture (.png or .svg)')
    .option('--plot-size <WxH>', 'size of the plot', '640x240')
    .option('--as <option>', `check the values against an option's range: ${AS_NAMES}`)
    .option('--audio <file>', 'a song whose features (rms, bass, mid, treble, onset, beat) the schedule may read')
    .option('--audio-smooth <attack,decay>', "smooth the song's features: attack and decay in seconds")
    .option('--json', 'print {"fps", "frames", "values"} instead of a table')
    .addHelpText(
      'after',
      '\nExamples:\n  dreamreel schedule "0:(1.0), 48:(1.05)~ease-in-out, 96:(1.0)" --frames 120 --plot zoom.png\n  dreamreel schedule "0.01 + 0.005*sin(2*pi*s/4)" --frames 240 --as lr --json\n  dreamreel schedule "0.002 + 0.03*rms" --audio song.mp3 --frames 240 --plot lr.png',
    )
    .action(async (text: string, flags: ScheduleFlags) => {
      // Loaded here, not at start-up: the schedule room, sharp and the audio analysis.
      const { scheduleCommandValues } = await import('../../api/schedule.js');
      const { values, fps } = await scheduleCommandValues(text, flags);
      printValues(values, fps, Boolean(flags.json));
    });
}
