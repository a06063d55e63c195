/**
 * The library's option types: the input types of the options model (src/options), so the
 * library takes exactly what the CLI's flags mean, as values, checked by the same schemas.
 */
import type { OptionsIn } from '../options/parse.js';
import { optionSet } from '../options/parse.js';
import { dreamGroup } from '../options/dream.js';
import { frameGroup } from '../options/frame.js';
import { maskGroup } from '../options/mask.js';
import { outputGroup, pictureGroup } from '../options/output.js';
import { preprocessGroup } from '../options/preprocess.js';
import { frameScheduleGroup } from '../options/schedule.js';

export type { DreamOptions } from './dream.js';

export const frameOptions = optionSet(preprocessGroup, dreamGroup, pictureGroup, outputGroup, frameGroup, frameScheduleGroup, maskGroup);
/** The frame options of `render` and `zoom`, camelCased (lr, octaveScale, stepsNext and blend: numbers or schedules). */
export type FrameOptions = OptionsIn<typeof frameOptions>;

/** The options model as the CLI reaches it: through the library's door, as every caller does. */
export * from '../options/index.js';
export { BACKENDS, DEFAULT_MODEL } from '../options/dream.js';
export { PREPROCESS_NAMES } from '../options/preprocess.js';
export { CARRIES } from '../options/clip.js';
export { isRedisUrl } from '../options/farm.js';
// Light (no ioredis): the CLI redacts a Redis URL's password in its messages.
export { redactUrl } from '../pipeline/farm/redis-url.js';
export type { FarmOptionsOut } from '../options/index.js';
