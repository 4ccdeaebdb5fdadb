import { phoneMatches, type PhoneQuery } from '../../crm/phone/index.js';
import type { ArrayPick, FieldMapping } from './declarative-definition.js';
import { template } from './template-cache.js';
import { lookupPath, renderTemplate } from './template.js';

export interface MappingScope {
  query?: PhoneQuery;
}

export function readPath(value: unknown, path: string): unknown {
  if (path === '$') return value;
  return lookupPath(value, path.split('.'));
}

/** A response field through its mapping (a path, a template over the record, or an array pick). */
export function mapValue(
  record: unknown,
  mapping: FieldMapping,
  scope: MappingScope = {},
): unknown {
  if (typeof mapping !== 'string') return pick(record, mapping, scope);
  if (!mapping.includes('{{')) return readPath(record, mapping);
  const value = renderTemplate(template(mapping), record);
  return typeof value === 'string' ? value.trim() : value;
}

/** A mapped scalar as text (ids may be numbers); undefined for absent, empty or non-scalar values. */
export function mapText(
  record: unknown,
  mapping: FieldMapping | undefined,
  scope: MappingScope = {},
): string | undefined {
  if (mapping === undefined) return undefined;
  return scalarText(mapValue(record, mapping, scope));
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function pick(record: unknown, mapping: ArrayPick, { query }: MappingScope): unknown {
  const list = readPath(record, mapping.from);
  if (!Array.isArray(list)) return undefined;
  const country = mapping.country === undefined ? undefined : readPath(record, mapping.country);
  const chosen = list.find((element) => {
    if (mapping.where) {
      const fields = Object.entries(mapping.where);
      if (!fields.every(([path, value]) => readPath(element, path) === value)) return false;
    }
    if (mapping.matchesPhone !== undefined) {
      return (
        query !== undefined && phoneMatches(readPath(element, mapping.matchesPhone), query, country)
      );
    }
    return true;
  });
  if (chosen !== undefined) {
    const value = readPath(chosen, mapping.value);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  if (mapping.otherwise === 'none') return undefined;
  return list.map((element) => readPath(element, mapping.value)).find((v) => scalarText(v));
}
