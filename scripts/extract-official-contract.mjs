#!/usr/bin/env node
// Extracts the operations crm-bridge implements from the official App Connect contract into the
// schema file the official-contract test tier reads (test/contract/official/):
//   node scripts/extract-official-contract.mjs <official crm-server-openapi-public.json> [out]
// Reads only the file given; never the network. See README.md, "Routes".
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';

const IN_SCOPE_TAGS = [
  'Health',
  'Manifest',
  'Auth',
  'User',
  'Contacts',
  'Appointments',
  'Call Logs',
  'Message Logs',
  'Call Down',
  'Account data',
];
// Operations of tags crm-bridge serves only in part (the rest answer 404).
const IN_SCOPE_OPERATIONS = [
  'getAdminSettings',
  'postAdminSettings',
  'getAdminServerLoggingSettings',
  'postAdminServerLoggingSettings',
  'getAdminManagedAuth',
  'postAdminManagedAuth',
  'postAdminManagedAuthOptions',
  'postAdminManagedOauthCache',
  'deleteAdminManagedOauthCache',
  'deleteAdminManagedOauthAccount',
  'postAdminUserMapping',
  'postAdminReinitializeUserMapping',
];
const SOURCE =
  'App Connect Connector Server API 2.0.0, developers/downloads/crm-server-openapi-public.json ' +
  'in the public repository ringcentral/rc-unified-crm-extension, MIT licence';
const DEFAULT_OUT = 'test/contract/official/app-connect-server-2.0.0.in-scope.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const [input, out = DEFAULT_OUT] = process.argv.slice(2);
if (!input) {
  console.error('usage: node scripts/extract-official-contract.mjs <official.json> [out.json]');
  process.exit(2);
}
const official = JSON.parse(fs.readFileSync(input, 'utf8'));
if (official.info?.version !== '2.0.0') {
  console.error(`expected the 2.0.0 contract, got ${official.info?.version}`);
  process.exit(1);
}

const paths = {};
for (const [route, item] of Object.entries(official.paths)) {
  for (const method of METHODS) {
    const operation = item[method];
    const inScope =
      operation?.tags?.some((tag) => IN_SCOPE_TAGS.includes(tag)) ||
      IN_SCOPE_OPERATIONS.includes(operation?.operationId);
    if (!inScope) continue;
    paths[route] ??= {};
    paths[route][method] = operation;
  }
}

// Every component the kept operations reach, followed through `$ref`s, and the security
// schemes they name.
const components = {};
const seen = new Set();
function visit(node) {
  if (Array.isArray(node)) return node.forEach(visit);
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') keep(value);
    else visit(value);
  }
}
function keep(ref) {
  const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!match) throw new Error(`unsupported $ref ${ref}`);
  if (seen.has(ref)) return;
  seen.add(ref);
  const [, kind, name] = match;
  const target = official.components?.[kind]?.[name];
  if (target === undefined) throw new Error(`dangling $ref ${ref}`);
  (components[kind] ??= {})[name] = target;
  visit(target);
}
visit(paths);
for (const operation of Object.values(paths).flatMap((item) => Object.values(item))) {
  for (const requirement of operation.security ?? official.security ?? []) {
    for (const scheme of Object.keys(requirement)) {
      (components.securitySchemes ??= {})[scheme] = official.components.securitySchemes[scheme];
    }
  }
}
for (const kind of Object.keys(components)) {
  components[kind] = Object.fromEntries(
    Object.entries(components[kind]).sort(([a], [b]) => a.localeCompare(b)),
  );
}

const extracted = {
  openapi: official.openapi,
  'x-source': SOURCE,
  'x-extracted-tags': IN_SCOPE_TAGS,
  'x-extracted-operations': IN_SCOPE_OPERATIONS,
  info: official.info,
  tags: official.tags.filter(
    (tag) =>
      IN_SCOPE_TAGS.includes(tag.name) ||
      Object.values(paths).some((item) =>
        Object.values(item).some((operation) => operation.tags?.includes(tag.name)),
      ),
  ),
  paths,
  components,
};
const text = await prettier.format(JSON.stringify(extracted), {
  ...(await prettier.resolveConfig(out)),
  parser: 'json',
});
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, text);
const count = Object.values(paths).reduce((n, item) => n + Object.keys(item).length, 0);
console.log(`${out}: ${count} operations, ${seen.size} components`);
