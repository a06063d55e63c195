import type { Command } from 'commander';

/** Examples for the commands that do not carry their own, by command path (`models pull`). */
const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  models: ['dreamreel models list', 'dreamreel models pull inception5h', 'dreamreel models layers googlenet --size 224'],
  'models list': ['dreamreel models list', 'DREAMREEL_MODELS=/data/models dreamreel models list'],
  'models pull': ['dreamreel models pull mobilenet_v1', 'dreamreel models pull inception5h --force   # keeps a folder of that name aside'],
  'models layers': ['dreamreel models layers googlenet', 'dreamreel models layers ./resnet50.onnx --size 320 --preprocess torch'],
  presets: ['dreamreel presets', 'dreamreel image cat.jpg -o eyes.png --preset eyes-and-animals'],
  backends: ['dreamreel backends', 'dreamreel render clip.mp4 -o dream.mp4 --backend ort-cpu'],
  status: ['dreamreel status --redis redis://queue:6379', 'dreamreel status 3f2a9c1b --json'],
  cancel: ['dreamreel cancel 3f2a9c1b --redis redis://queue:6379'],
};

function pathOf(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Adds the examples above to every command (subcommands included) that has an entry. */
export function addHelpExamples(program: Command): void {
  const visit = (cmd: Command): void => {
    const examples = EXAMPLES[pathOf(cmd)];
    if (examples) cmd.addHelpText('after', `\n${examples.length > 1 ? 'Examples' : 'Example'}:\n${examples.map((e) => `  ${e}`).join('\n')}`);
    cmd.commands.forEach(visit);
  };
  program.commands.forEach(visit);
}
