import type { Command } from 'commander';
import { applyPreset } from '../presets.js';
import { DEFAULT_MODEL } from '../../dream/models/registry.js';
import { dream } from '../../dream/ascent.js';
import { checkDreamSizeOrClose } from '../dream-size.js';
import { resizeImage, type RgbImage } from '../../image/image.js';
import { blankStart } from '../../dream/blank-start.js';
import { DreamreelError } from '../../errors.js';
import { addDreamOptions, backendName, dreamSettings, type RawDreamFlags } from '../dream-options.js';
import type { DreamSession } from '../session.js';
import type { DreamSettings } from '../../dream/settings.js';
import { Stopped } from '../stopped.js';
import { addOutputOptions, progressSink, type OutputFlags } from '../output.js';
import { absoluteMaskPath, addMaskOptions } from '../../options/mask-flags.js';
import type { MaskPlan } from '../../pipeline/mask-plan.js';
import { distinctOutput, existingFile, IMAGE_FORMATS, oneOf, outputFormat, size, writableOutput } from '../validate.js';

interface ImageFlags extends RawDreamFlags, OutputFlags {
  output: string;
  showMask?: boolean;
  size?: string;
  start?: string;
}

/** The input picture, decoded only once its size is known to fit; an exact --size stretches it. */
async function readInput(input: string, wanted: ReturnType<typeof size> | undefined, session: DreamSession): Promise<RgbImage> {
  try {
    const { readImage } = await import('../../pipeline/image-io.js');
    const picture = await readImage(input, wanted?.maxSide);
    return wanted?.width ? resizeImage(picture, wanted.width, wanted.height!) : picture;
  } catch (e) {
    await session.engine.dispose();
    throw e;
  }
}

/** The dream with the progress display and the keys wired to it; the engine is disposed whatever happens. */
async function dreamWithProgress(flags: ImageFlags, settings: DreamSettings, session: DreamSession, source: RgbImage, input: string, writeImage: (image: RgbImage, path: string) => Promise<void>, mask: MaskPlan): Promise<void> {
  // Before the progress display starts: a mistake in a --region is one plain line.
  const regions = await import('../../api/regions.js').then((m) => m.regionObjectives(session, mask.regionSpecs)).catch(async (e: unknown) => {
    await session.engine.dispose();
    throw e;
  });
  const sink = await progressSink(flags);
  const emit = (e: Parameters<typeof sink.next>[0]): void => sink.next(e);
  const { stoppableDream } = await import('../stoppable.js');
  const keys = stoppableDream(sink);
  try {
    const began = performance.now();
    emit({ type: 'start', command: 'image', input, output: flags.output, model: session.model, objective: session.objective.description, backend: session.engine.name, frames: 1, width: source.width, height: source.height });
    for (const message of mask.warnings) emit({ type: 'warning', message });
    emit({ type: 'frame-start', frame: 0, frames: 1 });
    let lastLoss = 0;
    const result = await dream(session.engine, source, session.objective, settings, {
      signal: keys.signal,
      ...(mask.first ? { weight: mask.first } : {}),
      regions: regions.map((objective, i) => ({ objective, weight: mask.regionFirsts[i]! })),
      beforeStep: keys.beforeStep,
      onStep: (e) => {
        lastLoss = e.loss;
        emit({ type: 'step', frame: 0, ...e });
      },
    }).catch((e: unknown) => {
      const code = keys.stops.code();
      if (code === undefined) throw e;
      emit({ type: 'warning', message: `stopped before the dream was finished: ${flags.output} was not written` });
      throw new Stopped(code);
    });
    await writeImage(result, flags.output);
    const seconds = (performance.now() - began) / 1000;
    emit({ type: 'frame-done', frame: 0, frames: 1, loss: lastLoss, ms: seconds * 1000, fpm: 60 / seconds, etaSeconds: 0, image: mask.first && flags.showMask ? (await import('../../image/mask-overlay.js')).showMask(result, mask.first) : result });
    emit({ type: 'done', output: flags.output, frames: 1, seconds });
  } finally {
    // Always, or a failed run would leave the terminal UI holding stdin.
    keys.dispose();
    await sink.close();
    await session.engine.dispose();
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
    .addHelpText('after', '\nExamples:\n  dreamreel image cat.jpg -o cat-dream.png\n  dreamreel image cat.jpg -o eyes.png -l inception_4d/output[139] --octaves 5\n  dreamreel image --start noise --size 512 -o noise.png -m mobilenet_v1 -l conv_pw_9_relu');
  addDreamOptions(cmd);
  addOutputOptions(cmd);
  addMaskOptions(cmd);
  cmd.action(async (input: string | undefined, typed: ImageFlags, command: Command) => {
    const flags = absoluteMaskPath(applyPreset(typed, command, DEFAULT_MODEL) as ImageFlags & { mask?: string; showMask?: boolean });
    // Loaded here, not at start-up: sharp, the model readers and the engines are heavy.
    const [{ writeImage }, { openSession }, { pictureSize }] = await Promise.all([import('../../pipeline/image-io.js'), import('../session.js'), import('../../pipeline/image-size.js')]);
    const start = oneOf('--start', flags.start ?? 'image', ['image', 'grey', 'noise'] as const);
    const settings = dreamSettings(flags);
    backendName(flags);
    const wanted = flags.size ? size('--size', flags.size) : undefined;
    if (start === 'image' && !input) throw new DreamreelError('give an input picture, or --start grey|noise');
    writableOutput(flags.output);
    outputFormat(flags.output, IMAGE_FORMATS);
    if (start === 'image') distinctOutput(input!, flags.output);
    // The size from the picture's header: nothing is decoded before the size is known to fit.
    const planned = start === 'image' ? await pictureSize(existingFile('input', input!), wanted?.maxSide) : undefined;
    const width = wanted?.width ?? planned?.width ?? wanted?.maxSide ?? 512;
    const height = wanted?.height ?? planned?.height ?? wanted?.maxSide ?? 512;
    const mask = await (await import('../../pipeline/mask-plan.js')).maskPlanFromFlags(flags, { width, height, frames: 1, output: flags.output }, 'image has no clip to measure, use it with render');
    // The session first: its mistakes (an unknown layer) print as one plain line, before any UI draws.
    const session = await openSession(flags, (line) => process.stderr.write(line + '\n'));
    await checkDreamSizeOrClose(session, { width, height, tileSize: settings.tileSize });
    const source = start === 'image' ? await readInput(input!, wanted, session) : blankStart(start === 'grey' ? 'grey' : 'noise', width, height, settings.seed + 1);
    await dreamWithProgress(flags, settings, session, source, input ?? start, writeImage, mask);
  });
}

