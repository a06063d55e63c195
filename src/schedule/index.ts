/** Schedules: numbers that change over a render, parsed once, sampled per frame. */
export { parseSchedule, MAX_SCHEDULE_LENGTH } from './parse.js';
export { sampleSchedule, type ParameterRange } from './sample.js';
export { constantSchedule, type Schedule } from './schedule.js';
export { scheduleContext, featureAt, FEATURE_NAMES, type FeatureName, type ScheduleContext, type ScheduleFeatures } from './context.js';
export { EASING_NAMES, type EasingName } from './easing.js';
export { splitTopLevel, unwrapParentheses } from './list.js';
export { plotSvg, type PlotOptions } from './plot.js';
