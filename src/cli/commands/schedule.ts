import type { Command } from 'commander';
import { rename, rm, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
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

/** What a schedule is checked against when --as names an option; otherwise any finite value. */
const ANY = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };

/** Written under a temporary name and renamed once complete: a failed write leaves nothing behind. */
async function writePlot(path: string, svg: string): Promise<void> {
  const partial = `${path}.partial${extname(path)}`;
  try {
    if (extname(path).toLowerCase() === '.svg') await writeFile(partial, svg);
    else {
      const { default: sharp } = await import('sharp');
      await sharp(Buffer.from(svg)).png({ palette: true, compressionLevel: 9 }).toFile(partial);
    }
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
}

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
    .option('--as <option>', 'check the values against an option\'s range: zoom, rotate, shift, lr, stepsNext, blend, octaveScale, layerWeight')
    .option('--json', 'print {"fps", "frames", "values"} instead of a table')
    .addHelpText('after', '\nExamples:\n  dreamreel schedule "0:(1.0), 48:(1.05)~ease-in-out, 96:(1.0)" --frames 120 --plot zoom.png\n  dreamreel schedule "0.01 + 0.005*sin(2*pi*s/4)" --frames 240 --as lr --json')
    .action(async (text: string, flags: ScheduleFlags) => {
      const [{ parseSchedule, sampleSchedule, scheduleContext, plotSvg }, { SCHEDULED }] = await Promise.all([import('../../schedule/index.js'), import('../../options/schedule.js')]);
      const frames = integerIn('--frames', flags.frames, 1, 1_000_000);
      const fps = numberIn('--fps', flags.fps, 0.1, 240);
      const as = flags.as === undefined ? undefined : oneOf('--as', flags.as, Object.keys(SCHEDULED) as (keyof typeof SCHEDULED)[]);
      const plotSize = size('--plot-size', flags.plotSize);
      if (flags.plot) {
        writableOutput(flags.plot);
        outputFormat(flags.plot, ['png', 'svg']);
        if (!plotSize.width || !plotSize.height || plotSize.width < 200 || plotSize.height < 100) throw new DreamreelError(`Expected a size of at least 200x100 such as 640x240 for --plot-size but received ${JSON.stringify(flags.plotSize)}`);
      }
      const schedule = parseSchedule(text, as ? SCHEDULED[as].flag : 'the schedule');
      // Everything is checked before anything is written.
      const values = sampleSchedule(schedule, scheduleContext(fps, frames), as ? SCHEDULED[as] : ANY);
      if (flags.plot) await writePlot(flags.plot, plotSvg(values, { width: plotSize.width!, height: plotSize.height!, fps, title: text }));
      printValues(values, fps, Boolean(flags.json));
    });
}
