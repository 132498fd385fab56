// The folder layering, checked by `npm test` (npm run depcruise): a reference against the arrows fails the build.
//
//   functions/, src/cli/            entry points: parse, call the service, answer
//     -> src/service/               wiring: picks the adapters and hands them to the pipeline
//       -> src/storage/, src/sources/, src/alerts/   adapters: implement the ports
//       -> src/history/             earlier runs of a period, read through the ReportStore port
//       -> src/pipeline/            the one run pipeline; defines its ports in src/pipeline/ports/
//         -> src/ingest/            row validation
//         -> src/reports/           what a run produces (renderers, manifest)
//           -> src/core/, src/csv/  rules, books, money and dates; the CSV codec
//   src/config/ (app settings) is read by the service, the adapters and the entry points.
// Entry points may skip layers downwards (a handler reads a port's error type), never name an adapter.
const layer = (name, path, mayUse) => ({ name, path, mayUse });
const LAYERS = [
  layer('entry', '^(functions|src/cli)/', [
    'service',
    'history',
    'pipeline',
    'ports',
    'reports',
    'core',
    'csv',
    'config',
    'generator',
  ]),
  layer('service', '^src/service/', [
    'storage',
    'sources',
    'alerts',
    'history',
    'pipeline',
    'ports',
    'ingest',
    'reports',
    'core',
    'csv',
    'config',
  ]),
  layer('storage', '^src/storage/', ['ports', 'reports', 'core', 'config']),
  layer('sources', '^src/sources/', ['ports', 'ingest', 'core', 'csv', 'config']),
  layer('alerts', '^src/alerts/', ['ports', 'reports', 'core', 'config']),
  layer('history', '^src/history/', ['ports', 'reports', 'core', 'csv']),
  layer('pipeline', '^src/pipeline/(?!ports/)', ['ports', 'ingest', 'reports', 'core', 'csv']),
  layer('ports', '^src/pipeline/ports/', ['reports', 'core']),
  layer('ingest', '^src/ingest/', ['ports', 'core']),
  layer('reports', '^src/reports/', ['core', 'csv']),
  layer('generator', '^src/generator/', ['core', 'csv']),
  layer('config', '^src/config/', ['core']),
  layer('core', '^src/core/', []),
  layer('csv', '^src/csv/', []),
];

const byName = new Map(LAYERS.map((l) => [l.name, l]));
const anyOf = (names) => names.map((n) => byName.get(n).path).join('|');

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules must not depend on each other in a circle.',
      from: {},
      to: { circular: true },
    },
    ...LAYERS.map((l) => {
      const allowed = [l.name, ...l.mayUse];
      const others = LAYERS.filter((o) => !allowed.includes(o.name)).map((o) => o.name);
      return {
        name: `layer-${l.name}`,
        severity: 'error',
        comment: `${l.name} may use only ${l.mayUse.join(', ') || 'itself'} (see docs/architecture.md).`,
        from: { path: l.path },
        to: { path: anyOf(others) },
      };
    }),
    {
      name: 'src-not-tools',
      severity: 'error',
      comment: 'The deployed code never loads dev tooling; only the demo command may (devDependencies).',
      from: { path: '^(src|functions)/', pathNot: '^src/cli/commands/demo\\.ts$' },
      to: { path: '^(tools|bench|test)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
