#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { DreamreelError } from '../errors.js';
import { imageCommand } from './commands/image.js';
import { modelsCommand } from './commands/models.js';
import { renderCommand } from './commands/render.js';
import { zoomCommand } from './commands/zoom.js';
import { flickerCommand } from './commands/flicker.js';
import { presetsCommand } from './presets.js';
import { previewCommand } from './commands/preview.js';
import { backendsCommand } from './commands/backends.js';
import { Stopped } from './stopped.js';
import { withOneLineParseErrors } from './parse-errors.js';
import { addHelpExamples } from './help-examples.js';
import { workerCommand } from './commands/worker.js';
import { statusCommand } from './commands/status.js';
import { cancelCommand } from './commands/cancel.js';
import { scheduleCommand } from './commands/schedule.js';
import { audioCommand } from './commands/audio.js';
import { dashboardCommand } from './commands/dashboard.js';

/** Parses arguments and hands over to a command; user mistakes become one line and exit code 1. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('dreamreel').description('DeepDream videos, infinite zooms and pictures').version('0.1.0').exitOverride();
  withOneLineParseErrors(program);
  imageCommand(program);
  renderCommand(program);
  zoomCommand(program);
  flickerCommand(program);
  previewCommand(program);
  presetsCommand(program);
  modelsCommand(program);
  backendsCommand(program);
  workerCommand(program);
  statusCommand(program);
  cancelCommand(program);
  scheduleCommand(program);
  audioCommand(program);
  dashboardCommand(program);
  addHelpExamples(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof Stopped) return e.exitCode;
    if (e instanceof DreamreelError) {
      process.stderr.write(`dreamreel: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`dreamreel: internal error, please report it:\n${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
}

/** True when run as a program (directly or through npm's bin symlink), not imported by tests. */
function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
