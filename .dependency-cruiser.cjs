/**
 * The layers of the house (issue 12), checked in CI by `npm run lint`:
 *
 *   runtime entries (src/server.ts, src/worker.ts) → platform/ (node, workers, memory)
 *   features (src/<feature>/: routes.ts → service.ts → queries.ts) → documents/, imports/, middleware/, db/
 *   everything → domain/ (pure rules and types)            views/ → views/ and domain/ only
 *
 * A rule here is a promise a newcomer can rely on; relax one only with a reason written beside it.
 */
const FEATURES =
  'accounts|admin|agreements|authorization|confirmation|employers|home|lookup|notifications|province|recommendations|registration|reports|roster|transfer'

/** Node or Workers APIs that only the entries and src/platform/ may touch. node:crypto, node:stream and node:buffer are
 * not listed: workerd provides them (nodejs_compat), so code using them runs unchanged on both runtimes. */
const RUNTIME_ONLY = [
  '^(node:)?(fs|fs/promises|path|url|os|cluster|child_process|worker_threads|net|http|https|module|process|v8|readline)$',
  '^better-sqlite3$',
  '^@hono/node-server',
  '^nodemailer',
  '^kysely-d1$',
  '^@cloudflare/',
  '^cloudflare:',
  '^hono/cloudflare-workers$',
]

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain/ holds pure rules and types: it imports only src/domain/ and pure npm packages.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', 'node_modules'] },
    },
    {
      name: 'domain-no-builtins',
      comment: 'src/domain/ uses no Node built-in module at all.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'views-render-props',
      comment: 'views/ import only views/ and domain types; the props they render are declared in the view or the domain.',
      severity: 'error',
      from: { path: '^views/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'middleware-is-generic',
      comment: 'middleware imports no views and no feature code; what it needs from a feature is handed in.',
      severity: 'error',
      from: { path: '^src/middleware/' },
      to: { path: [`^views/`, `^src/(${FEATURES})/`] },
    },
    {
      name: 'features-meet-through-services',
      comment: "a feature reaches another feature only through that feature's service.ts.",
      severity: 'error',
      from: { path: `^src/(${FEATURES})/` },
      to: { path: `^src/(${FEATURES})/`, pathNot: ['^src/$1/', `^src/(${FEATURES})/service\\.ts$`] },
    },
    {
      name: 'shared-layers-below-features',
      comment: 'db/, documents/, imports/, audit/, middleware/, pages/ (shared page helpers) and platform/ sit below the features and never import them.',
      severity: 'error',
      // Relaxed for the Node entry's own parts (the cluster primary, each serving process and the deps it builds):
      // they compose the app from the features exactly as src/server.ts does, so they sit above the features.
      from: {
        path: '^src/(db|documents|imports|audit|middleware|pages|platform)/',
        pathNot: '^src/platform/node/(serve|supervisor|app-deps)\\.ts$',
      },
      to: { path: `^src/(${FEATURES})/` },
    },
    {
      name: 'only-entries-know-the-runtime',
      comment: 'only src/server.ts, src/worker.ts and src/platform/ touch Node or Workers APIs; the rest gets them handed in.',
      severity: 'error',
      from: { path: '^(src|views)/', pathNot: ['^src/server\\.ts$', '^src/worker\\.ts$', '^src/platform/'] },
      to: { path: RUNTIME_ONLY },
    },
    {
      name: 'platform-only-from-entries',
      comment: 'src/platform/ is reached only by the runtime entries (and tests and benchmarks, which are entries too).',
      severity: 'error',
      from: { path: '^(src|views)/', pathNot: ['^src/server\\.ts$', '^src/worker\\.ts$', '^src/platform/'] },
      to: { path: '^src/platform/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles between modules.',
      severity: 'error',
      from: { path: '^(src|views)/' },
      to: { circular: true },
    },
  ],
  options: {
    includeOnly: '^(src|views)/',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.test\\.tsx?$' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
}
