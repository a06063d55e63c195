// The house rules for imports, checked by `npm run lint` (dependency-cruiser).
//
// Four rooms with one-way doors: the CLI (src/cli) parses arguments and calls the typed library
// API (src/api); the API wires the rooms together: pipeline (frame streams, farm), flow (optical
// flow, warping), dream (networks, engines, objectives), and the shared image primitives
// (src/image). The terminal UI (src/tui) only observes the pipeline's event stream.
//
// What a module loads at start-up (static imports, types excepted) is checked by the second
// config, .dependency-cruiser-load.cjs, which sees no dynamic `import()` and no `import type`.

/** Imports that load nothing at run time do not cross a door. */
const TYPES = ['type-only', 'type-import'];

/** Modules that run ffmpeg/ffprobe or decode/encode frames: the TUI must not reach them. */
const FFMPEG = '^src/pipeline/(encoder|decode-frames|ffmpeg-binary|run-tool|probe|count-frames)\\.ts$';

/** Packages that start an engine or talk to the farm: heavy, and none of the TUI's business. */
const ENGINE_PACKAGES = '(^|/)node_modules/(onnxruntime-node|onnxruntime-common|@tensorflow|protobufjs|bullmq|ioredis)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere in src, type-only ones included: shared types go where both sides can import them one way.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'api-not-to-cli',
      severity: 'error',
      comment: 'The library API is the core; the CLI is a shell on top of it. src/api imports nothing from src/cli, not even types.',
      from: { path: '^src/api/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'cli-only-through-api',
      severity: 'error',
      comment: 'src/cli parses arguments and calls src/api; it imports only src/api, src/tui, src/errors and its own files (types excepted).',
      from: { path: '^src/cli/' },
      to: { path: '^src/', pathNot: ['^src/(cli|api|tui)/', '^src/errors\\.ts$'], dependencyTypesNot: TYPES },
    },
    {
      name: 'cli-no-engine-packages',
      severity: 'error',
      comment: 'The CLI starts no engine and talks to no farm itself: the library does, behind src/api.',
      from: { path: '^src/cli/' },
      to: { path: ENGINE_PACKAGES, dependencyTypesNot: TYPES },
    },
    {
      name: 'nothing-to-cli',
      severity: 'error',
      comment: 'Nothing outside the CLI depends on it (src/api is caught by api-not-to-cli).',
      from: { path: '^src/', pathNot: '^src/(cli|api)/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'rooms-not-to-api',
      severity: 'error',
      comment: 'The API sits on top of the rooms; no room imports it back.',
      from: { path: '^src/(pipeline|flow|dream|image|tui|errors)' },
      to: { path: '^src/api/' },
    },
    {
      name: 'options-stay-plain',
      severity: 'error',
      comment: 'The options model is the bottom of every room: it imports only zod, src/errors and the schedule parser (values, not rooms).',
      from: { path: '^src/options/' },
      to: { path: '^src/', pathNot: ['^src/options/', '^src/errors\\.ts$', '^src/schedule/'] },
    },
    {
      name: 'nothing-to-index',
      severity: 'error',
      comment: "src/index.ts is the package's entry point, for users only.",
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'pipeline-not-to-tui',
      severity: 'error',
      comment: 'The pipeline emits events; it never drives or imports the TUI.',
      from: { path: '^src/pipeline/' },
      to: { path: '^src/tui/' },
    },
    {
      name: 'tui-only-observes',
      severity: 'error',
      comment: 'The TUI renders the event stream: from the pipeline it imports the event types only, and nothing from dream, flow, api or cli.',
      from: { path: '^src/tui/' },
      to: { path: '^src/(dream|flow|api|cli)/|^src/pipeline/', pathNot: '^src/pipeline/events\\.ts$', dependencyTypesNot: TYPES },
    },
    {
      name: 'tui-no-engines-or-ffmpeg',
      severity: 'error',
      comment: 'The TUI loads no engine package, no farm client and no ffmpeg module, not even for a type.',
      from: { path: '^src/tui/' },
      to: { path: [ENGINE_PACKAGES, FFMPEG, '^src/dream/'] },
    },
    {
      name: 'flow-image-stay-low',
      severity: 'error',
      comment: 'Optical flow and the image primitives are below the pipeline: they import nothing from pipeline, tui, api or cli.',
      from: { path: '^src/(flow|image)/' },
      to: { path: '^src/(pipeline|tui|api|cli)/' },
    },
    {
      name: 'image-is-a-leaf',
      severity: 'error',
      comment: 'The shared image primitives depend on no room (errors excepted).',
      from: { path: '^src/image/' },
      to: { path: '^src/(dream|flow|pipeline|tui|api|cli)/' },
    },
    {
      name: 'threads-is-a-leaf',
      severity: 'error',
      comment: 'The worker-thread plumbing that flow and dream share depends on no room.',
      from: { path: '^src/threads/' },
      to: { path: '^src/(dream|flow|pipeline|tui|api|cli|image|options|dashboard)/' },
    },
    {
      name: 'dream-stays-low',
      severity: 'error',
      comment: 'The dream room (networks, engines, objectives, ascent) knows nothing of frame streams, flow, the TUI, the API or the CLI.',
      from: { path: '^src/dream/' },
      to: { path: '^src/(pipeline|flow|tui|api|cli)/', dependencyTypesNot: TYPES },
    },
    {
      name: 'ops-not-to-engines',
      severity: 'error',
      comment: "Ops and the ONNX graph builder never reach into an engine's internals, and load tfjs only as types: engines pick ops, not the other way round.",
      from: { path: '^src/dream/(ops|onnx)/' },
      to: { path: ['^src/dream/engines/', '(^|/)node_modules/@tensorflow/'], dependencyTypesNot: TYPES },
    },
    {
      name: 'ort-engine-no-tfjs',
      severity: 'error',
      comment: "The ONNX Runtime engine never imports tfjs, the tfjs engine or tfjs's ops (see .dependency-cruiser-load.cjs for what it loads transitively).",
      from: { path: '^src/dream/engines/ort/' },
      to: { path: ['(^|/)node_modules/@tensorflow/', '^src/dream/engines/tfjs/', '/tfjs\\.ts$'], dependencyTypesNot: TYPES },
    },
    {
      name: 'dashboard-only-behind-api',
      severity: 'error',
      comment:
        'The farm dashboard (src/dashboard) is started by the library (src/api/dashboard.ts); the CLI reaches it only through src/api (types excepted, by cli-only-through-api), and workers, the pipeline and the other rooms never import it.',
      from: { path: '^src/', pathNot: '^src/(api|cli|dashboard)/' },
      to: { path: '^src/dashboard/' },
    },
    {
      name: 'dashboard-reads-only-the-queue-view',
      severity: 'error',
      comment:
        "The dashboard reads the farm through pipeline/farm's queue view only (its caller hands it cancelling and the redacted URL) and src/errors; nothing else of src.",
      from: { path: '^src/dashboard/' },
      to: { path: '^src/', pathNot: ['^src/dashboard/', '^src/pipeline/farm/queue-view\\.ts$', '^src/errors\\.ts$'] },
    },
    {
      name: 'dashboard-own-packages',
      severity: 'error',
      comment:
        'The dashboard loads its own packages (Fastify, Bull Board, sharp for thumbnails) and no engine or farm client directly (BullMQ comes through the queue view).',
      from: { path: '^src/dashboard/' },
      to: { path: '(^|/)node_modules/', pathNot: '(^|/)node_modules/(fastify|@fastify|@bull-board|sharp|@types)/', dependencyTypesNot: TYPES },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Shipped code never imports the tests or the benchmarks.',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'Shipped code imports no devDependency (types excepted): it would be missing for users.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: TYPES, pathNot: '(^|/)node_modules/@types/' },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'Every package imported by shipped code is declared in package.json.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves to a file or a package (dynamic imports of computed names are not checked).',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|node_modules)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['dreamreel-source', 'import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
