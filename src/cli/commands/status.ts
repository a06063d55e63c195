import type { Command } from 'commander';
import type { RenderView } from '../../api/farm.js';
import { farmRedis } from '../farm-url.js';

const percent = (v: RenderView): string => `${v.done}/${v.render.frames} frames (${Math.floor((100 * v.done) / Math.max(1, v.render.frames))}%)`;
const stateOf = (v: RenderView): string =>
  v.cancelled ? 'cancelled' : v.state === 'waiting-children' ? 'rendering' : v.state === 'completed' ? 'done' : v.state === 'failed' ? 'failed' : 'joining';

function details(v: RenderView, why: string | undefined): string[] {
  const lines = [`${v.render.renderId}: ${stateOf(v)}, ${percent(v)}, ${v.render.input} -> ${v.render.output}`];
  for (const c of v.chunks) lines.push(`  chunk ${c.index + 1}/${v.chunks.length}: ${c.state}, ${c.done}/${c.frames} frames${c.worker ? `, ${c.worker}` : ''}`);
  if (why) lines.push(`  ${why}`);
  return lines;
}

export function statusCommand(program: Command): void {
  program
    .command('status')
    .description('show farm renders (all, or one in detail)')
    .argument('[id]', 'a render id, as render --detach printed it')
    .option('--redis <url>', "the farm's Redis (default: $DREAMREEL_REDIS)")
    .option('--redis-ca <file>', 'PEM certificate authority of a rediss:// Redis (default: $DREAMREEL_REDIS_CA)')
    .option('--json', 'print the state as JSON')
    .action(async (id: string | undefined, flags: { redis?: string; redisCa?: string; json?: boolean }) => {
      const url = farmRedis(flags.redis, flags.redisCa);
      // Loaded here, not at start-up: BullMQ is heavy.
      const { farmStatus } = await import('../../api/farm.js');
      const states = await farmStatus(url, id);
      if (flags.json)
        process.stdout.write(
          JSON.stringify(
            states.map(({ view: v, failure }) => ({
              id: v.render.renderId,
              state: stateOf(v),
              done: v.done,
              frames: v.render.frames,
              output: v.render.output,
              chunks: v.chunks,
              failure,
            })),
          ) + '\n',
        );
      else if (id) process.stdout.write(details(states[0]!.view, states[0]!.failure).join('\n') + '\n');
      else
        process.stdout.write(
          states.length
            ? states.map(({ view: v }) => `${v.render.renderId}  ${stateOf(v)}  ${percent(v)}  ${v.render.output}`).join('\n') + '\n'
            : 'no farm renders in this Redis\n',
        );
    });
}
