import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import schema from '../../../schemas/declarative-provider.schema.json' with { type: 'json' };

/** One mistake in a declarative provider file: where (a readable path) and what is wrong. */
export interface DefinitionProblem {
  at: string;
  message: string;
}

// Compiled on first use (a file from DECLARATIVE_PROVIDERS): the bundled files are checked by the tests.
let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (validate) return validate;
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    discriminator: true,
    allowUnionTypes: true,
    strict: true,
    // The auth discriminator lists `type` as required above the branches that define it.
    strictRequired: false,
  });
  // Our annotation: how a value matching a pattern reads, for error messages.
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
  validate = ajv.compile(schema);
  return validate;
}

/** The JSON Schema's verdict on a parsed file: one problem per mistake. */
export function schemaProblems(json: unknown): DefinitionProblem[] {
  const check = validator();
  if (check(json)) return [];
  return formatErrors(check.errors ?? []);
}

function formatErrors(errors: ErrorObject[]): DefinitionProblem[] {
  // anyOf/oneOf report every branch's failure as well: keep only the combined one.
  const combined = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .map((error) => `${error.schemaPath}/`);
  const kept = errors.filter(
    (error) =>
      !combined.some((prefix) => error.schemaPath.startsWith(prefix)) &&
      // A bad property name fails propertyNames' own keywords too; propertyNames says it all.
      error.propertyName === undefined,
  );
  const typeErrors = new Set(
    kept.filter((error) => error.keyword === 'type').map((error) => error.instancePath),
  );
  const problems: DefinitionProblem[] = [];
  const seen = new Set<string>();
  for (const error of kept) {
    // A value of the wrong type fails its other keywords too; its type is the mistake.
    if (error.keyword !== 'type' && typeErrors.has(error.instancePath)) continue;
    // A missing discriminator tag is already reported as a missing required property.
    if (error.keyword === 'discriminator' && error.params.tagValue === undefined) continue;
    const problem = describe(error);
    const key = `${problem.at}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function describe(error: ErrorObject): DefinitionProblem {
  const base = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const expected = typeof parent['x-expected'] === 'string' ? parent['x-expected'] : undefined;
  switch (error.keyword) {
    case 'required':
      return { at: join(base, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties': {
      const known = Object.keys((parent.properties as object | undefined) ?? {});
      return {
        at: join(base, String(params.additionalProperty)),
        message: `is not a known property${known.length ? ` (known: ${known.join(', ')})` : ''}`,
      };
    }
    case 'propertyNames': {
      const names = (parent.propertyNames ?? {}) as Record<string, unknown>;
      const rule =
        typeof names['x-expected'] === 'string' ? `: must be ${names['x-expected']}` : '';
      return { at: join(base, String(params.propertyName)), message: `is not a valid name${rule}` };
    }
    case 'type':
      return { at: base, message: `must be ${expected ?? typeNames(params.type)}` };
    case 'enum':
      return {
        at: base,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return { at: base, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'pattern':
      return {
        at: base,
        message: `must be ${expected ?? `text matching ${String(params.pattern)}`}`,
      };
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return {
        at: base,
        message:
          params.limit === 1
            ? 'must not be empty'
            : `must have at least ${String(params.limit)} ${MIN_UNITS[error.keyword]}`,
      };
    case 'maxLength':
      return { at: base, message: `must have at most ${String(params.limit)} characters` };
    case 'uniqueItems':
      return { at: `${base}[${String(params.i)}]`, message: 'repeats an earlier item' };
    case 'minimum':
      return { at: base, message: `must be at least ${String(params.limit)}` };
    case 'discriminator':
      return {
        at: join(base, String(params.tag)),
        message: `must be one of ${discriminatorValues(parent)}`,
      };
    case 'anyOf':
    case 'oneOf':
      return { at: base, message: `must be ${expected ?? 'one of the allowed forms'}` };
    default:
      return { at: base, message: error.message ?? 'is not valid' };
  }
}

const MIN_UNITS: Record<string, string> = {
  minLength: 'characters',
  minItems: 'items',
  minProperties: 'properties',
};

function discriminatorValues(parent: Record<string, unknown>): string {
  const branches = (parent.oneOf as { properties?: { type?: { const?: unknown } } }[]) ?? [];
  return branches.map((branch) => JSON.stringify(branch.properties?.type?.const)).join(', ');
}

function typeNames(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map((name) =>
    name === 'object' || name === 'array' || name === 'integer' ? `an ${name}` : `a ${name}`,
  );
  return names.join(' or ');
}

export function pointerToPath(pointer: string): string {
  if (pointer === '') return '(top level)';
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, token) => (/^\d+$/.test(token) ? `${path}[${token}]` : join(path, token)), '');
}

export function join(base: string, property: string): string {
  const name = /^[A-Za-z_$][\w$-]*$/.test(property) ? property : JSON.stringify(property);
  if (base === '' || base === '(top level)') return name;
  return `${base}.${name}`;
}
