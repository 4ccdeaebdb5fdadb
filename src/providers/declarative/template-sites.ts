import type { DeclarativeDefinition, RequestTemplate } from './declarative-definition.js';
import { join } from './schema-validator.js';
import {
  ACCOUNT_DATA_CONTEXT,
  OPERATION_CONTEXT,
  OPERATION_NAMES,
  SETTINGS_CONTEXT,
  STATIC_CONTEXT,
  type ContextFields,
} from './template-context.js';

export interface TemplateSite {
  at: string;
  text: string;
  context: ContextFields;
}

/** Every template string of a schema-valid definition, with what it may refer to. */
export function* templateSites(definition: DeclarativeDefinition): Generator<TemplateSite> {
  for (const site of allSites(definition)) if (typeof site.text === 'string') yield site;
}

function* allSites(definition: DeclarativeDefinition): Generator<TemplateSite> {
  yield { at: 'baseUrl', text: definition.baseUrl, context: SETTINGS_CONTEXT };
  if (definition.urlIdentifier !== undefined) {
    yield { at: 'urlIdentifier', text: definition.urlIdentifier, context: STATIC_CONTEXT };
  }
  for (const [name, text] of Object.entries(definition.headers ?? {})) {
    yield { at: join('headers', name), text, context: SETTINGS_CONTEXT };
  }
  const { auth } = definition;
  if (auth.type === 'oauth2') {
    for (const field of ['authorizationUrl', 'tokenUrl', 'revocationUrl'] as const) {
      const text = auth[field];
      if (text !== undefined) yield { at: `auth.${field}`, text, context: STATIC_CONTEXT };
    }
    if (typeof auth.clientId === 'string') {
      yield { at: 'auth.clientId', text: auth.clientId, context: STATIC_CONTEXT };
    }
  }
  for (const name of OPERATION_NAMES) {
    const request = definition.operations[name]?.request;
    if (request)
      yield* requestSites(request, `operations.${name}.request`, OPERATION_CONTEXT[name]);
  }
  for (const [key, operation] of Object.entries(definition.accountData?.keys ?? {})) {
    const at = `${join('accountData.keys', key)}.request`;
    yield* requestSites(operation.request, at, ACCOUNT_DATA_CONTEXT);
  }
}

function* requestSites(
  request: RequestTemplate,
  at: string,
  context: ContextFields,
): Generator<TemplateSite> {
  yield { at: `${at}.path`, text: request.path, context };
  for (const [param, value] of Object.entries(request.query ?? {})) {
    if (Array.isArray(value)) {
      for (const [i, text] of value.entries()) {
        yield { at: `${join(`${at}.query`, param)}[${i}]`, text, context };
      }
    } else yield { at: join(`${at}.query`, param), text: value, context };
  }
  for (const [header, text] of Object.entries(request.headers ?? {})) {
    yield { at: join(`${at}.headers`, header), text, context };
  }
  if (request.body !== undefined) yield* bodySites(request.body, `${at}.body`, context);
}

function* bodySites(value: unknown, at: string, context: ContextFields): Generator<TemplateSite> {
  if (typeof value === 'string') yield { at, text: value, context };
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* bodySites(item, `${at}[${i}]`, context);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value))
      yield* bodySites(inner, join(at, key), context);
  }
}
