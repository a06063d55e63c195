/**
 * The one options model: each group (one file each) is a zod schema that is the type, the
 * validator, the defaults and the messages of its options; a command's options are its groups
 * joined. The CLI parses flag strings into these (`parseFlags`), the library parses its
 * arguments (`parseOptions`), presets and ONNX sidecars parse with their groups, and a farm job
 * carries a parsed value that the worker parses back. A new group plugs in with one line below.
 */
import { clipGroup } from './clip.js';
import { dreamGroup } from './dream.js';
import { farmGroup, workerGroup } from './farm.js';
import { seamGroup } from './seams.js';
import { dashboardGroup, redisTlsGroup, workerRootGroup } from './farm-security.js';
import { frameGroup } from './frame.js';
import { maskGroup } from './mask.js';
import { imageStartGroup, layerListingGroup, outputGroup, pictureGroup, previewGroup } from './output.js';
import { optionSet, type OptionsIn, type OptionsOf } from './parse.js';
import { preprocessGroup } from './preprocess.js';
import { frameScheduleGroup } from './schedule.js';
import { renderAudioGroup, zoomAudioGroup } from './audio.js';
import { zoomGroup } from './zoom.js';

/** `dream()` in the library: one picture. */
export const dreamOptions = optionSet(preprocessGroup, dreamGroup, pictureGroup, outputGroup, maskGroup);
/** `dreamreel image`: the same, and where the dream starts. */
export const imageOptions = optionSet(preprocessGroup, dreamGroup, pictureGroup, outputGroup, imageStartGroup, maskGroup);
/** `render`: a clip, frame after frame. */
export const renderOptions = optionSet(preprocessGroup, dreamGroup, frameGroup, frameScheduleGroup, clipGroup, renderAudioGroup, outputGroup, maskGroup);
/** `zoom`: a still, zoomed frame after frame. */
export const zoomOptions = optionSet(preprocessGroup, dreamGroup, frameGroup, frameScheduleGroup, zoomGroup, zoomAudioGroup, outputGroup, maskGroup);
export const previewOptions = optionSet(preprocessGroup, dreamGroup, previewGroup, outputGroup, maskGroup);
export const modelOptions = optionSet(preprocessGroup);
export const layerListingOptions = optionSet(preprocessGroup, layerListingGroup);
/** A render's farm options: where and how it is split, how its chunks are joined, and Redis over TLS. */
export const farmOptions = optionSet(farmGroup, seamGroup, redisTlsGroup);
export const workerOptions = optionSet(workerGroup, workerRootGroup, redisTlsGroup);
/** `status`, `cancel`: the farm's Redis over TLS. */
export const farmClientOptions = optionSet(redisTlsGroup);
export const dashboardOptions = optionSet(dashboardGroup, redisTlsGroup);

export type DreamOptionsIn = OptionsIn<typeof dreamOptions>;
export type DreamOptionsOut = OptionsOf<typeof dreamOptions>;
export type ImageOptionsOut = OptionsOf<typeof imageOptions>;
export type RenderOptionsIn = OptionsIn<typeof renderOptions>;
export type RenderOptionsOut = OptionsOf<typeof renderOptions>;
export type ZoomOptionsIn = OptionsIn<typeof zoomOptions>;
export type ZoomOptionsOut = OptionsOf<typeof zoomOptions>;
export type PreviewOptionsOut = OptionsOf<typeof previewOptions>;
export type FarmOptionsOut = OptionsOf<typeof farmOptions>;
export type WorkerOptionsOut = OptionsOf<typeof workerOptions>;
export type DashboardOptionsOut = OptionsOf<typeof dashboardOptions>;
/** What every dreaming command's parsed options have: the model, the objective and the ascent. */
export type DreamingOptions = OptionsOf<ReturnType<typeof optionSet<[typeof preprocessGroup, typeof dreamGroup]>>>;
/** What render and zoom share once parsed. */
export type FramesOptionsOut = DreamingOptions & OptionsOf<ReturnType<typeof optionSet<[typeof frameGroup]>>> & { readonly output?: string };

export { parseFlags, parseOptions, defaultOf, optionSet, type OptionSet, type OptionGroup, type Rule, type OptionsIn, type OptionsOf } from './parse.js';
export { flagOf, nameOf, sayWith, type Surface } from './naming.js';
export { invalid, conflict } from './messages.js';
export { parseSize, type SizeSpec } from './fields.js';
export type { LayerTarget } from './layers.js';
export { isLoopback } from './farm-security.js';
export { splitScheduled, type PlainOf, type ScheduleOptions, type ScheduleValue } from './schedule.js';
export { FLOW_MASKS, type MaskOptions } from './mask.js';
