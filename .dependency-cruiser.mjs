// The import direction of src (README, "Architecture"), checked by `npm run lint`. Layers, bottom
// up: common; config; database, redis, metrics; crm (the seam); activity-body; the features; the
// providers; the app (the files at the top of src, cluster/, cli/). A layer imports only layers
// below it; features import each other only through a feature's public surface, and never in a
// cycle. Specs are tests: they may wire real parts from anywhere, so they are not cruised.
const FEATURES =
  'auth|users|contacts|call-logs|message-logs|manifest|health|docs|lifecycle|rate-limit|admin|ringcentral|user-mapping';
const below = (layers) => `^src/(?!(?:${layers})/)`;

/** An import from `from` to anything in src outside `allowed` (folders under src). */
const onlyDown = (name, comment, from, allowed) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: below(allowed) },
});

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module imports itself through others (type-only imports count).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No two folders of src import each other, directly or around a loop.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { path: '^src/', circular: true },
    },
    {
      name: 'src-not-to-examples',
      comment: 'The server never depends on the example CRMs (examples may import src).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^examples/' },
    },
    {
      name: 'crm-not-to-providers',
      comment: 'The seam never knows its adapters: the app module hands them to CrmModule.',
      severity: 'error',
      from: { path: '^src/crm/' },
      to: { path: '^src/providers/' },
    },
    onlyDown('common-imports-no-feature', 'common is the bottom layer.', '^src/common/', 'common'),
    onlyDown('config-on-common-only', 'config sits on common.', '^src/config/', 'common|config'),
    onlyDown(
      'infrastructure-below-the-seam',
      'database, redis and metrics sit on config and common.',
      '^src/(database|redis|metrics)/',
      'common|config|database|redis|metrics',
    ),
    onlyDown(
      'seam-below-features',
      'crm sits on the infrastructure only.',
      '^src/crm/',
      'common|config|database|redis|metrics|crm',
    ),
    onlyDown(
      'activity-body-below-features',
      'The log-body and message-digest composers serve call-logs and message-logs from below.',
      '^src/activity-body/',
      'common|config|database|redis|metrics|crm|activity-body',
    ),
    onlyDown(
      'features-below-providers',
      'Features reach CRMs through the seam, never an adapter or the app.',
      `^src/(${FEATURES})/`,
      `common|config|database|redis|metrics|crm|activity-body|${FEATURES}`,
    ),
    onlyDown(
      'providers-on-the-seam',
      'Adapters implement the seam; they import no feature.',
      '^src/providers/',
      'common|config|crm|activity-body|providers',
    ),
    {
      name: 'feature-internals',
      comment:
        'A feature imports another only through its public surface: the files at the top of its folder named *.module.ts, *.service.ts, *.entity.ts, *.decorator.ts or *.guard.ts (its dto/, subfolders and controllers are its own).',
      severity: 'error',
      from: { path: `^src/(${FEATURES})/` },
      to: {
        path: `^src/(${FEATURES})/`,
        pathNot: ['^src/$1/', '^src/[^/]+/[^/]+\\.(module|service|entity|decorator|guard)\\.ts$'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
