import type { Command } from 'commander';
import { DreamreelError } from '../../errors.js';
import { integerIn, numberIn, oneOf, outputFormat, size, writableOutput } from '../validate.js';

interface ScheduleFlags {
  frames: string;
  fps: string;
  plot?: string;
  plotSize: string;
  json?: boolean;
  as?: string;
}

/** The options whose range --as checks, as the library names them. */
const OPTIONS = ['zoom', 'rotate', 'shift', 'lr', 'stepsNext', 'blend', 'octaveScale', 'layerWeight'] as const;

function printValues(values: Float64Array, fps: number, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify({ fps, frames: values.length, values: Array.from(values, (v) => +v.toPrecision(12)) }) + '\n');
    return;
  }
  const lines = Array.from(values, (v, frame) => `${frame}\t${+(frame / fps).toFixed(4)}\t${+v.toPrecision(8)}`);
  process.stdout.write(`frame\tseconds\tvalue\n${lines.join('\n')}\n`);
}

/** --plot's size: wide and tall enough for the axes' labels. */
function plotSize(raw: string): { width: number; height: number } {
  const parsed = size('--plot-size', raw);
  if (!parsed.width || !parsed.height || parsed.width < 200 || parsed.height < 100) throw new DreamreelError(`Expected a size of at least 200x100 such as 640x240 for --plot-size but received ${JSON.stringify(raw)}`);
  return { width: parsed.width, height: parsed.height };
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
    .option('--as <option>', `check the values against an option's range: ${OPTIONS.join(', ')}`)
    .option('--json', 'print {"fps", "frames", "values"} instead of a table')
    .addHelpText('after', '\nExamples:\n  dreamreel schedule "0:(1.0), 48:(1.05)~ease-in-out, 96:(1.0)" --frames 120 --plot zoom.png\n  dreamreel schedule "0.01 + 0.005*sin(2*pi*s/4)" --frames 240 --as lr --json')
    .action(async (text: string, flags: ScheduleFlags) => {
      const frames = integerIn('--frames', flags.frames, 1, 1_000_000);
      const fps = numberIn('--fps', flags.fps, 0.1, 240);
      const as = flags.as === undefined ? undefined : oneOf('--as', flags.as, OPTIONS);
      const picture = plotSize(flags.plotSize);
      if (flags.plot) {
        writableOutput(flags.plot);
        outputFormat(flags.plot, ['png', 'svg']);
      }
      const { scheduleValues, plotSchedule } = await import('../../api/schedule.js');
      // Everything is checked before anything is written.
      const values = scheduleValues(text, { frames, fps, ...(as ? { as } : {}) });
      if (flags.plot) await plotSchedule(flags.plot, values, { ...picture, fps, title: text });
      printValues(values, fps, Boolean(flags.json));
    });
}
