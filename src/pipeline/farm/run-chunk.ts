import { fork } from 'node:child_process';
import type { FromChunk, ToChunk } from './chunk-messages.js';
import type { ChunkJobData } from './payload.js';

export interface ChunkRun {
  /** 'stopped' when asked to stop: finished frames are checkpointed, the chunk is not done. */
  readonly result: Promise<'done' | 'stopped'>;
  stop(): void;
}

/** A failure inside the chunk process; `user` when retrying cannot help (an unknown layer, other settings). */
export class ChunkFailed extends Error {
  constructor(
    message: string,
    readonly user: boolean,
  ) {
    super(message);
  }
}

/** Forks `entry` (the chunk process) for one chunk and relays what it reports. */
export function runChunkProcess(entry: string, data: ChunkJobData, onMessage: (m: FromChunk) => void): ChunkRun {
  const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let outcome: 'done' | 'stopped' | undefined;
  let failure: ChunkFailed | undefined;
  child.on('message', (m: FromChunk) => {
    if (m.type === 'done') outcome = m.stopped ? 'stopped' : 'done';
    else if (m.type === 'error') failure = new ChunkFailed(m.message, m.user);
    else onMessage(m);
  });
  child.send({ type: 'run', data } satisfies ToChunk);
  const result = new Promise<'done' | 'stopped'>((resolve, reject) => {
    child.on('error', (e) => reject(new ChunkFailed(`could not start the chunk process: ${e.message}`, false)));
    // 'close', not 'exit': by then every message the chunk sent has arrived.
    child.on('close', (code, signal) => {
      if (failure) reject(failure);
      else if (outcome) resolve(outcome);
      else reject(new ChunkFailed(`the chunk process ended without finishing (exit ${code ?? signal})`, false));
    });
  });
  return {
    result,
    stop: () => {
      if (child.connected) child.send({ type: 'stop' } satisfies ToChunk);
    },
  };
}
