import type { Command } from 'commander';

export function backendsCommand(program: Command): void {
  program
    .command('backends')
    .description('every compute backend, in the order dreamreel tries them, and whether it can run here')
    .action(async () => {
      const { backendAvailability } = await import('../../api/backends.js');
      for await (const { name, available, reason, chosen, notChosen } of backendAvailability()) {
        const mark = available && notChosen ? `runs, not chosen: ${notChosen}` : available ? (chosen ? 'yes  (default here)' : 'yes') : `no   ${reason ?? ''}`;
        process.stdout.write(`${name.padEnd(14)} ${mark}\n`);
      }
    });
}
