import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

/** The lines of stderr; every mistake must be exactly one, starting "dreamreel: ". */
const lines = (stderr: string): string[] => stderr.trim().split('\n');

describe('argument mistakes are one line', () => {
  it.each([
    [['zoom', 'still.png', '-o', 'z.mp4', '--blend', '1'], /^dreamreel: unknown option '--blend' \(Did you mean one of --backend, --blur-end, --lr-end\?\)/],
    [['zoom', 'still.png'], /^dreamreel: required option '-o, --output <file>' not specified/],
    [['image', 'a.png', '-o', 'b.png', '--steps'], /^dreamreel: option '--steps <n>' argument missing/],
    [['zom'], /^dreamreel: unknown command 'zom' \(Did you mean zoom\?\)/],
    [['models', 'pull'], /^dreamreel: missing required argument 'name'/],
  ])('%j', async (args, expected) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(1);
    expect(lines(stderr), stderr).toHaveLength(1);
    expect(stderr).toMatch(expected);
    expect(stderr).toContain('run with --help for usage');
  });
});

/** The commands as the top-level help lists them, and their subcommands as theirs do. */
async function commandPaths(prefix: string[] = []): Promise<string[][]> {
  const { stdout } = await cli([...prefix, '--help']);
  const section = stdout.split(/^Commands:$/m)[1]?.split(/\n\s*\n/)[0];
  if (!section) return [];
  const names = [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!).filter((n) => n !== 'help');
  const nested = await Promise.all(names.map((n) => commandPaths([...prefix, n])));
  return names.flatMap((n, i) => [[...prefix, n], ...nested[i]!]);
}

describe('--help', () => {
  it('every command and subcommand shows an example that starts with "dreamreel"', async () => {
    const paths = await commandPaths();
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining(['models', 'models pull', 'presets', 'backends', 'status', 'cancel', 'render', 'worker']),
    );
    for (const path of paths) {
      const { code, stdout } = await cli([...path, '--help']);
      expect(code).toBe(0);
      expect(stdout, `dreamreel ${path.join(' ')} --help`).toMatch(/^Examples?:\n {2}(\S+=\S+ )?dreamreel /m);
    }
  });
});
