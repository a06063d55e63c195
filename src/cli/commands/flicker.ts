import type { Command } from 'commander';

export function flickerCommand(program: Command): void {
  program
    .command('flicker')
    .description("measure a dream video's flicker (the warping error of Lai et al., ECCV 2018, with flow from the source clip) and its dream strength")
    .argument('<video>', 'the dreamed video')
    .requiredOption('--source <clip>', 'the clip it was dreamed from')
    .option('--json', 'print the figures as JSON, with both per frame')
    .addHelpText('after', '\nExample:\n  dreamreel flicker dream.mp4 --source clip.mp4')
    .action(async (video: string, flags: { source: string; json?: boolean }) => {
      const { flickerReport } = await import('../../api/flicker.js');
      const report = await flickerReport(video, flags.source);
      if (flags.json) process.stdout.write(JSON.stringify(report) + '\n');
      else
        process.stdout.write(
          `warping error ${report.warpingError.toFixed(2)} (0-255, lower is steadier) over ${report.pairs} frame pairs; the source alone: ${report.sourceWarpingError.toFixed(2)}; dream strength ${report.strength.toFixed(2)} (mean |dream - source|, 0-255: calm bought by a weaker dream shows here)\n`,
        );
    });
}
