// What modules LOAD when they are imported: static value imports only, followed transitively.
// `import type` and `import { type X }` are dropped (tsPreCompilationDeps: false reads what
// TypeScript emits) and dynamic `import()` is excluded: those load nothing up front.
// The import rules between rooms are in .dependency-cruiser.cjs.

const base = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'startup-loads-only-help',
      severity: 'error',
      comment:
        'dreamreel --help must start within 0.3 s of bare node: the CLI entry point loads only commander, env-paths and zod (the options model gives --help its defaults; zod costs about 45 ms). ' +
        'Engines, sharp, ffmpeg, rxjs, Ink and the farm client load (import()) when a command needs them.',
      from: { path: '^src/cli/main\\.ts$' },
      to: { path: '(^|/)node_modules/', pathNot: '(^|/)node_modules/(commander|env-paths|zod)/', reachable: true },
    },
    {
      name: 'no-tfjs-up-front',
      severity: 'error',
      comment: 'No module loads tfjs when imported: the tfjs backends import() it when they start.',
      from: { path: '^src/' },
      to: { path: '(^|/)node_modules/@tensorflow/' },
    },
    {
      name: 'no-onnxruntime-up-front',
      severity: 'error',
      comment: 'No module loads onnxruntime-node when imported: the ort engines import() it when they start.',
      from: { path: '^src/' },
      to: { path: '(^|/)node_modules/onnxruntime-(node|common)/' },
    },
    {
      name: 'ort-engine-loads-no-tfjs',
      severity: 'error',
      comment: "The ONNX Runtime engine loads no tfjs and none of tfjs's ops, however far down.",
      from: { path: '^src/dream/engines/ort/' },
      to: { path: ['(^|/)node_modules/@tensorflow/', '/tfjs\\.ts$', '^src/dream/engines/tfjs/'], reachable: true },
    },
    {
      name: 'tfjs-engine-loads-no-onnx',
      severity: 'error',
      comment: 'The tfjs engine loads no ONNX graph code, ONNX Runtime or protobufjs, however far down.',
      from: { path: '^src/dream/engines/tfjs/' },
      to: { path: ['^src/dream/onnx/', '/onnx\\.ts$', '^src/dream/engines/ort/', '(^|/)node_modules/(onnxruntime-node|protobufjs)/'], reachable: true },
    },
    {
      name: 'ort-engine-uses-onnx-ops',
      severity: 'error',
      comment: 'Proof that the two rules above see the real graph: each engine does load its own ops.',
      from: { path: '^src/dream/engines/ort/ort-engine\\.ts$' },
      to: { path: '^src/dream/ops/conv/onnx\\.ts$', reachable: false },
    },
    {
      name: 'tfjs-engine-uses-tfjs-ops',
      severity: 'error',
      comment: 'Proof that the two rules above see the real graph: each engine does load its own ops.',
      from: { path: '^src/dream/engines/tfjs/tfjs-engine\\.ts$' },
      to: { path: '^src/dream/ops/conv/tfjs\\.ts$', reachable: false },
    },
    {
      name: 'ink-only-in-the-terminal-sink',
      severity: 'error',
      comment: 'Ink and React load only with the terminal UI (src/tui), which commands import() when they draw to a terminal.',
      from: { path: '^src/', pathNot: '^src/tui/' },
      to: { path: '(^|/)node_modules/(ink|react)/', reachable: true },
    },
  ],
  options: {
    ...base.options,
    tsPreCompilationDeps: false,
    exclude: { path: '^(test|bench)/', dynamic: true },
  },
};
