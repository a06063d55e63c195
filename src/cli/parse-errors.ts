import type { Command } from 'commander';

/**
 * Commander's own mistakes (unknown option, missing value, missing -o) as one line in the form of
 * every other refusal: `dreamreel: unknown option '--blend' (Did you mean --blur?)`. Its "did you
 * mean" hint is kept on the same line; the pointer to --help closes it.
 */
export function oneLineParseError(message: string): string {
  const parts = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const [first = 'cannot read the arguments', ...hints] = parts;
  const text = [first.replace(/^error:\s*/, ''), ...hints].join(' ');
  return `dreamreel: ${text}; run with --help for usage\n`;
}

/** Call before adding subcommands: commander copies the output settings into each one it creates. */
export function withOneLineParseErrors(program: Command): Command {
  return program.configureOutput({ outputError: (message, write) => write(oneLineParseError(message)) });
}
