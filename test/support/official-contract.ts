import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fs from 'node:fs';
import type { WireReply } from './client-wire.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents are untyped JSON */
type Json = any;

/**
 * The in-scope part of the official App Connect contract ("App Connect Connector Server API"
 * 2.0.0), extracted by scripts/extract-official-contract.mjs; `x-source` says where it came from.
 */
export const OFFICIAL_CONTRACT_FILE = new URL(
  '../contract/official/app-connect-server-2.0.0.in-scope.json',
  import.meta.url,
);
export const official: Json = JSON.parse(fs.readFileSync(OFFICIAL_CONTRACT_FILE, 'utf8'));

const DOC_ID = 'app-connect-server-2.0.0';
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
// OpenAPI 3.0 schema objects: ajv reads `nullable` itself; `example` is a mere annotation.
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
addFormats(ajv);
ajv.addVocabulary(['example', 'components']);
ajv.addKeyword({ keyword: 'x-app-connect-generated-contract', schemaType: 'boolean' });
ajv.addSchema({
  $id: DOC_ID,
  components: { schemas: asJsonSchema(official.components.schemas) },
});

const validators = new Map<string, ValidateFunction>();

/**
 * OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` (a flag on `minimum`/`maximum`) as
 * the JSON Schema number ajv reads; the Appointments schemas use it.
 */
function asJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const copy: Json = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, asJsonSchema(value)]),
  );
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof copy[flag] !== 'boolean') continue;
    if (copy[flag] && typeof copy[bound] === 'number') {
      copy[flag] = copy[bound];
      delete copy[bound];
    } else {
      delete copy[flag];
    }
  }
  return copy;
}

/** Compiles a schema of the document (it may `$ref` components). */
function validatorFor(schema: Json, key: string): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    const text = JSON.stringify(schema).replaceAll('"#/components/', `"${DOC_ID}#/components/`);
    validate = ajv.compile(asJsonSchema(JSON.parse(text)));
    validators.set(key, validate);
  }
  return validate;
}

/** Follows a local `$ref` (`#/components/...`) to its target. */
export function deref(node: Json): Json {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    const parts = (current.$ref as string).replace(/^#\//, '').split('/');
    current = parts.reduce((at: Json, part) => at?.[part.replaceAll('~1', '/')], official);
  }
  return current;
}

export interface OfficialOperation {
  method: string;
  path: string;
  operationId: string;
  tags: string[];
  operation: Json;
}

/** Every operation of the file, in document order. */
export const officialOperations: OfficialOperation[] = Object.entries(official.paths).flatMap(
  ([path, item]: [string, Json]) =>
    Object.entries(item).map(([method, operation]: [string, Json]) => ({
      method,
      path,
      operationId: operation.operationId as string,
      tags: operation.tags as string[],
      operation,
    })),
);

export function operation(operationId: string): OfficialOperation {
  const found = officialOperations.find((op) => op.operationId === operationId);
  if (!found) throw new Error(`no official operation ${operationId}`);
  return found;
}

const mediaType = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * The reply is one the official contract declares for the operation: a declared status, a
 * declared content type for it, and a body valid against that status's schema.
 */
export function expectOfficialResponse(operationId: string, reply: WireReply): void {
  const op = operation(operationId);
  const where = `${op.method.toUpperCase()} ${op.path} → ${reply.status}`;
  const response = deref(
    op.operation.responses[String(reply.status)] ?? op.operation.responses.default,
  );
  if (!response) {
    throw new Error(`${where}: status not declared (${reply.text.slice(0, 200)})`);
  }
  const content: Record<string, Json> | undefined = response.content;
  if (!content) {
    if (reply.text !== '') throw new Error(`${where}: declares no body, got ${reply.text}`);
    return;
  }
  const type = mediaType(reply.headers['content-type']);
  const media = content[type];
  if (!media) {
    throw new Error(`${where}: content type "${type}" not declared (${Object.keys(content)})`);
  }
  const value = type === 'application/json' ? JSON.parse(reply.text) : reply.text;
  const validate = validatorFor(media.schema, `${operationId} ${reply.status} ${type}`);
  if (!validate(value)) {
    throw new Error(
      `${where} (${type}): body does not match the official schema:\n` +
        `${ajv.errorsText(validate.errors, { separator: '\n' })}\nbody: ${reply.text.slice(0, 500)}`,
    );
  }
}

/** The request body is one the official contract allows (our requests are realistic ones). */
export function expectOfficialRequestBody(operationId: string, body: unknown): void {
  const schema = requestSchema(operationId);
  const validate = validatorFor(schema, `${operationId} request`);
  if (!validate(body)) {
    throw new Error(
      `${operationId}: request body breaks the official schema:\n` +
        ajv.errorsText(validate.errors, { separator: '\n' }),
    );
  }
}

function requestSchema(operationId: string): Json {
  const requestBody = deref(operation(operationId).operation.requestBody);
  if (!requestBody) throw new Error(`${operationId} declares no request body`);
  return requestBody.content['application/json'].schema;
}

/** The official examples of an operation's request body, by name (schema `example` as "schema"). */
export function officialRequestExamples(operationId: string): Record<string, unknown> {
  const requestBody = deref(operation(operationId).operation.requestBody);
  const media = requestBody?.content?.['application/json'];
  const examples: Record<string, unknown> = {};
  for (const [name, example] of Object.entries(media?.examples ?? {})) {
    examples[name] = (deref(example) as { value: unknown }).value;
  }
  const schemaExample = deref(media?.schema)?.example;
  if (schemaExample !== undefined) examples.schema = schemaExample;
  return examples;
}

/** The names of the query and header parameters the official document declares. */
export function declaredParameters(
  operationId: string,
): { name: string; in: string; required: boolean }[] {
  return (operation(operationId).operation.parameters ?? []).map((p: Json) => {
    const { name, in: location, required } = deref(p);
    return { name, in: location, required: required === true };
  });
}

/** The schema nodes that describe `value`: the node, its `allOf`, and its matching `anyOf`/`oneOf` branches. */
function branchesFor(schema: Json, value: unknown): Json[] {
  const node = deref(schema);
  if (!node) return [];
  const kind = Array.isArray(value) ? 'array' : typeof value;
  const matching = [...(node.anyOf ?? []), ...(node.oneOf ?? [])]
    .map(deref)
    .filter((branch: Json) => branch.type === kind);
  return [node, ...(node.allOf ?? []), ...matching].flatMap((part: Json) =>
    part === node ? [node] : branchesFor(part, value),
  );
}

/**
 * `body` stripped to what the official schema requires, recursively: in every object only the
 * properties its schema lists as `required` (through `$ref`, `allOf` and the matching
 * `anyOf`/`oneOf` branch), array items stripped likewise. A realistic request in, the minimal one
 * the document allows out.
 */
export function requiredOnly<T>(operationId: string, body: T): T {
  const strip = (schema: Json, value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const parts = branchesFor(schema, value);
    if (Array.isArray(value)) {
      const items = parts.find((part) => part.items)?.items;
      return items ? value.map((item) => strip(items, item)) : value;
    }
    const required = new Set<string>(parts.flatMap((part) => part.required ?? []));
    const properties: Record<string, Json> = Object.assign(
      {},
      ...parts.map((part) => part.properties ?? {}),
    );
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name]) => required.has(name))
        .map(([name, inner]) => [name, properties[name] ? strip(properties[name], inner) : inner]),
    );
  };
  return strip(requestSchema(operationId), body) as T;
}

/** `query` (a query string) narrowed to the parameters the official document requires. */
export function requiredOnlyQuery(operationId: string, query: string): string {
  const required = new Set(
    declaredParameters(operationId)
      .filter((p) => p.in === 'query' && p.required)
      .map((p) => p.name),
  );
  const params = new URLSearchParams(query);
  for (const name of [...params.keys()]) if (!required.has(name)) params.delete(name);
  return params.toString();
}

/**
 * The body paths the official schema declares that `body` does not send: every property of
 * every object, followed into nested objects and array items (through `$ref`, `allOf`, and the
 * object branch of `anyOf`/`oneOf`) as far as the body goes. Empty for an every-field request.
 */
export function missingDeclaredFields(operationId: string, body: unknown): string[] {
  const missing: string[] = [];
  const walk = (schema: Json, value: unknown, at: string): void => {
    const node = deref(schema);
    if (!node || value === undefined || value === null) return;
    for (const part of [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])]) {
      const branch = deref(part);
      if (Array.isArray(value) ? branch.type === 'array' : branch.type === typeof value) {
        walk(branch, value, at);
      }
    }
    if (Array.isArray(value) && node.items) {
      value.forEach((item, index) => walk(node.items, item, `${at}[${index}]`));
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) return;
    for (const [name, property] of Object.entries(node.properties ?? {})) {
      const inner = (value as Record<string, unknown>)[name];
      if (inner === undefined) missing.push(`${at}${name}`);
      else walk(property, inner, `${at}${name}.`);
    }
  };
  walk(requestSchema(operationId), body, '');
  return [...new Set(missing.map((path) => path.replace(/\[\d+\]/g, '[]')))];
}

/** The query parameters declared for the operation that `query` does not send. */
export function missingDeclaredQuery(operationId: string, query: string): string[] {
  const sent = new Set([...new URLSearchParams(query).keys()]);
  return declaredParameters(operationId)
    .filter((p) => p.in === 'query' && !sent.has(p.name))
    .map((p) => p.name);
}

export const VARIANTS = ['realistic', 'every-optional-field', 'required-only'] as const;
export type Variant = (typeof VARIANTS)[number];

/**
 * What a suite exercised, so its last test can show that every operation of its tags was called
 * three ways: realistic, with every optional field the document declares, and with only what
 * it requires.
 */
export class ExerciseLog {
  private readonly seen = new Set<string>();

  record(operationId: string, ...variants: Variant[]): void {
    operation(operationId);
    for (const variant of variants) this.seen.add(`${operationId} ${variant}`);
  }

  /** An operation that takes no body and no query: its one call is all three variants. */
  recordWithoutInputs(operationId: string): void {
    const op = operation(operationId).operation;
    const inputs = (op.parameters ?? []).filter((p: Json) => deref(p).in === 'query');
    if (op.requestBody || inputs.length > 0) {
      throw new Error(`${operationId} takes inputs: record each variant on its own`);
    }
    this.record(operationId, ...VARIANTS);
  }

  /** The operations of `tags` (minus `except`) missing a variant. */
  missing(tags: string[], except: string[] = []): string[] {
    return officialOperations
      .filter((op) => op.tags.some((tag) => tags.includes(tag)))
      .filter((op) => !except.includes(op.operationId))
      .flatMap((op) =>
        VARIANTS.filter((variant) => !this.seen.has(`${op.operationId} ${variant}`)).map(
          (variant) => `${op.operationId} ${variant}`,
        ),
      );
  }
}
