// The folder layering, checked by `npm test` (npm run depcruise): a reference against the arrows fails the build.
//
//   functions/, src/cli/            entry points: parse, call the service, answer
//     -> src/service/               wiring: picks the adapters and hands them to the pipeline
//       -> src/storage/, src/sources/, src/alerts/   adapters: implement the ports
//       -> src/history/             earlier runs of a period, read through the ReportStore port
//       -> src/pipeline/            the one run pipeline; defines its ports in src/pipeline/ports/
//         -> src/ingest/            row validation into the books
//         -> src/reports/           what a run produces (the RunReport and its renderers)
//           -> src/engine/          walks the books key by key and applies the rules
//             -> src/books/         columnar storage of a month: per-key facts, no rules
//               -> src/rules/       the product rules as plain functions over plain facts
//                 -> src/core/, src/csv/   money, dates, records and settings; the CSV codec
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
    'engine',
    'books',
    'rules',
    'core',
    'csv',
    'config',
  ]),
  layer('storage', '^src/storage/', ['ports', 'reports', 'core', 'config']),
  layer('sources', '^src/sources/', ['ports', 'ingest', 'books', 'core', 'csv', 'config']),
  layer('alerts', '^src/alerts/', ['ports', 'reports', 'core', 'config']),
  layer('history', '^src/history/', ['ports', 'reports', 'engine', 'rules', 'core', 'csv']),
  layer('pipeline', '^src/pipeline/(?!ports/)', [
    'ports',
    'ingest',
    'reports',
    'engine',
    'books',
    'rules',
    'core',
    'csv',
  ]),
  layer('ports', '^src/pipeline/ports/', ['reports', 'engine', 'books', 'rules', 'core']),
  layer('ingest', '^src/ingest/', ['ports', 'books', 'core']),
  layer('reports', '^src/reports/', ['engine', 'rules', 'core', 'csv']),
  layer('generator', '^src/generator/', ['core', 'csv']),
  layer('config', '^src/config/', ['core']),
  layer('engine', '^src/engine/', ['books', 'rules', 'core']),
  layer('books', '^src/books/', ['rules', 'core']),
  layer('rules', '^src/rules/', ['core']),
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
