import type { Command } from 'commander';
import { existingFile } from '../validate.js';

export function flickerCommand(program: Command): void {
  program
    .command('flicker')
    .description("measure a dream video's flicker (the warping error of Lai et al., ECCV 2018, with flow from the source clip) and its dream strength")
    .argument('<video>', 'the dreamed video')
    .requiredOption('--source <clip>', 'the clip it was dreamed from')
    .option('--json', 'print the figures as JSON, with both per frame')
    .addHelpText('after', '\nExample:\n  dreamreel flicker dream.mp4 --source clip.mp4')
    .action(async (video: string, flags: { source: string; json?: boolean }) => {
      const [{ measureFlicker }, { probeVideo }] = await Promise.all([import('../../pipeline/flicker.js'), import('../../pipeline/probe.js')]);
      const info = await probeVideo(existingFile('video', video));
      await probeVideo(existingFile('--source', flags.source));
      const report = await measureFlicker(video, flags.source, info.width, info.height);
      if (flags.json) process.stdout.write(JSON.stringify(report) + '\n');
      else process.stdout.write(`warping error ${report.warpingError.toFixed(2)} (0-255, lower is steadier) over ${report.pairs} frame pairs; the source alone: ${report.sourceWarpingError.toFixed(2)}; dream strength ${report.strength.toFixed(2)} (mean |dream - source|, 0-255: calm bought by a weaker dream shows here)\n`);
    });
}
