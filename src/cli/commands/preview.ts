import type { Command } from 'commander';
import { DEFAULT_MODEL, parseFlags, previewOptions } from '../../api/options.js';
import { addFlags, DREAM_FLAGS, MASK_FLAGS, PREPROCESS_FLAGS } from '../flags.js';
import { applyPreset } from '../presets.js';

interface PreviewFlags {
  preset?: string;
  model?: string;
  layers?: string;
}

export function previewCommand(program: Command): void {
  const cmd = program
    .command('preview')
    .description('dream one frame quickly and show it in the terminal: for trying layers and presets')
    .argument('<input>', 'picture or clip')
    .option('--frame <n>', 'frame of a clip to dream', '0')
    .option('-s, --size <px>', 'longest side to dream at', '256')
    .option('--columns <n>', 'terminal columns to draw', String(Math.min(80, process.stdout.columns ?? 80)))
    .option('-o, --output <file>', 'also save the dreamed frame')
    .option('--graphics <how>', 'auto (kitty or iTerm2 images where the terminal has them), kitty, iterm2 or blocks', 'auto')
    .addHelpText(
      'after',
      '\nExamples:\n  dreamreel preview clip.mp4 --frame 48 -l inception_4d/output\n  dreamreel preview still.jpg --preset eyes-and-animals',
    );
  addFlags(cmd, previewOptions, [...PREPROCESS_FLAGS, ...DREAM_FLAGS]);
  addFlags(cmd, previewOptions, MASK_FLAGS);
  cmd.action(async (input: string, typed: PreviewFlags, command: Command) => {
    const flags = applyPreset<PreviewFlags>(typed, command, DEFAULT_MODEL);
    const o = parseFlags(previewOptions, flags);
    // Loaded here, not at start-up: sharp, the model readers and the engines are heavy.
    const [{ previewDream }, { detectGraphics, terminalImage }] = await Promise.all([import('../../api/preview.js'), import('../../tui/terminal-image.js')]);
    const graphics = o.graphics === 'auto' ? detectGraphics() : o.graphics;
    const log = (line: string): void => void process.stderr.write(line + '\n');
    const { image, about } = await previewDream(input, o, { surface: 'cli', log, ...(flags.preset ? { preset: flags.preset } : {}) });
    process.stdout.write((await terminalImage(image, o.columns, graphics)) + '\n');
    process.stderr.write(`${about}\n`);
  });
}
