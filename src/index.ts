/**
 * dreamreel as a library: the commands' work with their flags as camelCased options,
 * validated by the same options model (src/options) and checked by the same code as the CLI
 * (src/api), failing with the same one-line DreamreelErrors, naming the option as written.
 * Follow a render from here: api/render.ts -> api/frames.ts -> pipeline/render.ts.
 *
 *   import { dream, render, loadModel } from 'dreamreel';
 *   await dream('in.jpg', { output: 'out.png', layers: 'inception_4c/output', steps: 10 });
 */
export { dream, type DreamInput, type DreamHooks } from './api/dream.js';
export { render, type RenderOptions } from './api/render.js';
export { zoom, type ZoomOptions } from './api/zoom.js';
export { analyseAudio, FEATURE_NAMES, type AudioFeatures, type AudioAnalysis, type FeatureName } from './audio/index.js';
export { loadModel, type ModelOptions } from './api/load-model.js';
export type { DreamOptions, FrameOptions } from './api/options.js';
export { DreamreelError } from './errors.js';
export { rgbImage, type RgbImage } from './image/image.js';
export type { RenderEvent } from './pipeline/events.js';
export type { Network, Preprocess } from './dream/network/graph.js';
export type { StepEvent } from './dream/ascent.js';
export { parseSchedule, sampleSchedule, scheduleContext, type Schedule, type ScheduleContext, type ScheduleFeatures } from './schedule/index.js';
export { scheduleValues, plotSchedule, type ScheduleValuesOptions } from './api/schedule.js';
