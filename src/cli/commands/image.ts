import type { Command } from 'commander';
import type { RgbImage } from '../../image/image.js';
import type { PreparedDream } from '../../api/dream.js';
import { DEFAULT_MODEL, imageOptions, parseFlags } from '../../api/options.js';
import { DreamreelError } from '../../errors.js';
import { addFlags, DREAM_FLAGS, MASK_FLAGS, PREPROCESS_FLAGS } from '../flags.js';
import { applyPreset } from '../presets.js';
import { Stopped } from '../stopped.js';
import { addOutputOptions, progressSink, type OutputFlags } from '../output.js';

type ImageFlags = OutputFlags & { output: string; preset?: string; model?: string; layers?: string };

/** The dream with the progress display and the keys wired to it; the engine is disposed whatever happens. */
async function dreamWithProgress(flags: ImageFlags, prepared: PreparedDream, input: string): Promise<void> {
  const { session, source } = prepared;
  const sink = await progressSink(flags);
  const emit = (e: Parameters<typeof sink.next>[0]): void => sink.next(e);
  const { stoppableDream } = await import('../stoppable.js');
  const keys = stoppableDream(sink);
  try {
    const began = performance.now();
    emit({
      type: 'start',
      command: 'image',
      input,
      output: flags.output,
      model: session.model,
      objective: session.objective.description,
      backend: session.engine.name,
      frames: 1,
      width: source.width,
      height: source.height,
    });
    for (const message of prepared.warnings) emit({ type: 'warning', message });
    emit({ type: 'frame-start', frame: 0, frames: 1 });
    let lastLoss = 0;
    const result: RgbImage = await prepared
      .run({ signal: keys.signal, beforeStep: keys.beforeStep, onStep: (e) => ((lastLoss = e.loss), emit({ type: 'step', frame: 0, ...e })) })
      .catch((e: unknown) => {
        const code = keys.stops.code();
        if (code === undefined) throw e;
        emit({ type: 'warning', message: `stopped before the dream was finished: ${flags.output} was not written` });
        throw new Stopped(code);
      });
    const seconds = (performance.now() - began) / 1000;
    emit({ type: 'frame-done', frame: 0, frames: 1, loss: lastLoss, ms: seconds * 1000, fpm: 60 / seconds, etaSeconds: 0, image: prepared.shown(result) });
    emit({ type: 'done', output: flags.output, frames: 1, seconds });
  } finally {
    // Always, or a failed run would leave the terminal UI holding stdin.
    keys.dispose();
    await sink.close();
    await prepared.close();
  }
}

export function imageCommand(program: Command): void {
  const cmd = program
    .command('image')
    .description('dream one picture')
    .argument('[input]', 'picture to dream (jpg, png, webp, …); leave out with --start grey|noise')
    .requiredOption('-o, --output <file>', 'where to write the dream (.png, .jpg, .jpeg, .webp, .tiff, .avif)')
    .option('-s, --size <px|WxH>', 'longest side, or exact size, to dream at (default: the input size; 512 for grey/noise)')
    .option('--start <from>', 'start from the input image, flat grey, or noise', 'image')
    .addHelpText(
      'after',
      '\nExamples:\n  dreamreel image cat.jpg -o cat-dream.png\n  dreamreel image cat.jpg -o eyes.png -l inception_4d/output[139] --octaves 5\n  dreamreel image --start noise --size 512 -o noise.png -m mobilenet_v1 -l conv_pw_9_relu',
    );
  addFlags(cmd, imageOptions, [...PREPROCESS_FLAGS, ...DREAM_FLAGS]);
  addOutputOptions(cmd);
  addFlags(cmd, imageOptions, MASK_FLAGS);
  cmd.action(async (input: string | undefined, typed: ImageFlags, command: Command) => {
    const flags = applyPreset(typed, command, DEFAULT_MODEL);
    const o = parseFlags(imageOptions, flags);
    if (o.start === 'image' && !input) throw new DreamreelError('give an input picture, or --start grey|noise');
    // Loaded here, not at start-up: sharp, the model readers and the engines are heavy.
    const { prepareDream } = await import('../../api/dream.js');
    const log = (line: string): void => void process.stderr.write(line + '\n');
    const prepared = await prepareDream(o.start === 'image' ? input! : o.start, o, { surface: 'cli', log, ...(flags.preset ? { preset: flags.preset } : {}) });
    await dreamWithProgress(flags, prepared, input ?? o.start);
  });
}
