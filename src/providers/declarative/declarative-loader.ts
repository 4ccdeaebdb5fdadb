import fs from 'node:fs';
import { ConfigError, type Env } from '../../config/define-config.js';
import type { CrmAuthDeclaration } from '../../crm/crm-auth.types.js';
import { definitionProblems } from './definition-checks.js';
import type {
  DeclarativeAuth,
  DeclarativeDefinition,
  EnvReference,
} from './declarative-definition.js';
import { schemaProblems, type DefinitionProblem } from './schema-validator.js';
import { templateSites } from './template-sites.js';
import { parseTemplate, placeholdersOf, renderTemplate } from './template.js';

/** A declarative provider file that must stop start-up: every mistake, one per line. */
export class DeclarativeProviderError extends ConfigError {
  constructor(
    readonly source: string,
    readonly problems: readonly DefinitionProblem[],
  ) {
    const count = problems.length === 1 ? '1 mistake' : `${problems.length} mistakes`;
    super(
      `Invalid declarative provider ${source} (${count}):\n` +
        problems.map((problem) => `  - ${problem.at}: ${problem.message}`).join('\n'),
    );
    this.name = 'DeclarativeProviderError';
  }
}

export interface ResolvedDefinition {
  source: string;
  definition: DeclarativeDefinition;
  env: Readonly<Record<string, string>>;
  auth: CrmAuthDeclaration;
}

/** The schema's verdict, then the checks the schema cannot express; [] when the file is valid. */
export function checkDefinition(json: unknown, { bundled = false } = {}): DefinitionProblem[] {
  // A bundled file's schema check is a test (declarative-loader.spec): ajv stays unloaded.
  if (bundled) return definitionProblems(json as DeclarativeDefinition);
  const problems = schemaProblems(json);
  if (problems.length === 0) return definitionProblems(json as DeclarativeDefinition);
  // The other checks run anyway, so one start-up lists as many mistakes as possible.
  let more: DefinitionProblem[];
  try {
    more = definitionProblems(json as DeclarativeDefinition);
  } catch {
    more = [];
  }
  const within = (at: string, other: string) =>
    at === other || at.startsWith(`${other}.`) || at.startsWith(`${other}[`);
  return [
    ...problems,
    ...more.filter(
      (extra) =>
        !problems.some((problem) => within(extra.at, problem.at) || within(problem.at, extra.at)),
    ),
  ];
}

/** Validates a parsed definition and reads its environment; throws DeclarativeProviderError. */
export function resolveDefinition(
  json: unknown,
  source: string,
  env: Env,
  options: { bundled?: boolean } = {},
): ResolvedDefinition {
  const problems = checkDefinition(json, options);
  if (problems.length > 0) throw new DeclarativeProviderError(source, problems);
  const definition = json as DeclarativeDefinition;

  const values: Record<string, string> = {};
  const checked = new Set<string>();
  // An unset variable is one mistake, reported where it is first used.
  const read = (name: string, at: string) => {
    if (checked.has(name)) return;
    checked.add(name);
    const value = env[name];
    if (value === undefined || value.trim() === '') {
      problems.push({ at, message: `environment variable ${name} is not set` });
    } else values[name] = value.trim();
  };
  for (const site of templateSites(definition)) {
    for (const placeholder of placeholdersOf(parseTemplate(site.text))) {
      if (placeholder.path[0] === 'env') read(placeholder.path[1], site.at);
    }
  }
  const { auth } = definition;
  if (auth.type === 'oauth2') {
    if (typeof auth.clientId !== 'string') read(auth.clientId.env, 'auth.clientId');
    read(auth.clientSecret.env, 'auth.clientSecret');
  }
  if (problems.length > 0) throw new DeclarativeProviderError(source, problems);

  const resolved = { source, definition, env: values, auth: toAuth(definition, values) };
  problems.push(...urlProblems(resolved));
  if (problems.length > 0) throw new DeclarativeProviderError(source, problems);
  return resolved;
}

export function loadDeclarativeFile(path: string, env: Env): ResolvedDefinition {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'unreadable';
    throw new DeclarativeProviderError(path, [{ at: '(file)', message: `is ${reason}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DeclarativeProviderError(path, [
      { at: '(file)', message: `is not valid JSON: ${(error as Error).message}` },
    ]);
  }
  return resolveDefinition(json, path, env);
}

/** The bundled files, then DECLARATIVE_PROVIDERS'; a platform is declared once, never a built-in one. */
export function loadDeclarativeFiles(
  paths: readonly string[],
  env: Env,
  bundled: readonly ResolvedDefinition[] = [],
): ResolvedDefinition[] {
  const loaded: ResolvedDefinition[] = [...bundled];
  for (const path of paths) {
    const resolved = loadDeclarativeFile(path, env);
    const builtIn = BUILT_IN_PLATFORMS[resolved.definition.platform];
    if (builtIn) {
      throw new DeclarativeProviderError(path, [
        { at: 'platform', message: `${resolved.definition.platform} is also bound by ${builtIn}` },
      ]);
    }
    const twin = loaded.find((other) => other.definition.platform === resolved.definition.platform);
    if (twin) {
      throw new DeclarativeProviderError(path, [
        {
          at: 'platform',
          message: `${resolved.definition.platform} is also declared in ${twin.source}`,
        },
      ]);
    }
    loaded.push(resolved);
  }
  return loaded;
}

/** Platforms the repository binds itself, and where: a file may not take their names. */
const BUILT_IN_PLATFORMS: Readonly<Record<string, string>> = {
  'sample-crm': 'src/providers/sample-crm/sample-crm.provider.ts',
  'sample-crm-apikey': 'src/providers/sample-crm/sample-crm-api-key.provider.ts',
  'sample-crm-json': 'src/providers/sample-crm/sample-crm.json',
};

function toAuth(
  definition: DeclarativeDefinition,
  env: Record<string, string>,
): CrmAuthDeclaration {
  const auth: DeclarativeAuth = definition.auth;
  const text = (template: string) => String(renderTemplate(parseTemplate(template), { env }));
  const secret = (value: string | EnvReference) =>
    typeof value === 'string' ? text(value) : env[value.env];
  if (auth.type === 'oauth2') {
    return {
      type: 'oauth',
      oauth: {
        authorizationUrl: text(auth.authorizationUrl),
        tokenUrl: text(auth.tokenUrl),
        revocationUrl: auth.revocationUrl === undefined ? undefined : text(auth.revocationUrl),
        scopes: auth.scopes,
        pkce: auth.pkce ?? false,
        clientId: secret(auth.clientId),
        clientSecret: secret(auth.clientSecret),
        authorizationParams: auth.authorizationParams,
      },
    };
  }
  const page = auth.page ?? {
    title: definition.displayName,
    content: [
      {
        const: 'apiKey',
        title: auth.type === 'bearer' ? 'Access token' : 'API key',
        type: 'string' as const,
        required: true,
      },
    ],
  };
  switch (auth.type) {
    case 'apiKey':
      return {
        type: 'apiKey',
        page,
        placement:
          auth.in === 'header'
            ? { in: 'header', name: auth.name, prefix: auth.prefix }
            : { in: 'query', name: auth.name },
      };
    case 'basic':
      return { type: 'apiKey', page, placement: { in: 'basic' } };
    case 'bearer':
      return {
        type: 'apiKey',
        page,
        placement: { in: 'header', name: 'Authorization', prefix: 'Bearer ' },
      };
  }
}

/** The base URL and OAuth endpoints, once the environment is filled in, must be http(s) URLs. */
function urlProblems(resolved: ResolvedDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const check = (at: string, url: string | undefined, base = false) => {
    if (url === undefined) return;
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
      problems.push({ at, message: 'must be an absolute http(s) URL once filled in' });
    } else if (base && (parsed.search || parsed.hash)) {
      problems.push({ at, message: 'must not have a query string or fragment' });
    }
  };
  const sample = renderTemplate(parseTemplate(resolved.definition.baseUrl), {
    env: resolved.env,
    hostname: 'crm.example.com',
  });
  check('baseUrl', String(sample), true);
  if (resolved.auth.type === 'oauth') {
    const { oauth } = resolved.auth;
    check('auth.authorizationUrl', oauth.authorizationUrl);
    check('auth.tokenUrl', oauth.tokenUrl);
    check('auth.revocationUrl', oauth.revocationUrl);
  }
  return problems;
}
