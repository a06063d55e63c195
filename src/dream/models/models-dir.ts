import envPaths from 'env-paths';
import { join } from 'node:path';

/** Where named models live: DREAMREEL_MODELS, else the user's cache directory. */
export function modelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DREAMREEL_MODELS ?? join(envPaths('dreamreel', { suffix: '' }).cache, 'models');
}
