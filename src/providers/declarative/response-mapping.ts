import { template } from './template-cache.js';
import { lookupPath, renderTemplate } from './template.js';

/** The value at a path (`$` is the value itself; `data.items.0` walks objects and arrays). */
export function readPath(value: unknown, path: string): unknown {
  if (path === '$') return value;
  return lookupPath(value, path.split('.'));
}

/**
 * A response field through its mapping: a path into the record, or a template over it
 * (`{{firstName}} {{lastName}}`).
 */
export function mapValue(record: unknown, mapping: string): unknown {
  if (!mapping.includes('{{')) return readPath(record, mapping);
  const value = renderTemplate(template(mapping), record);
  return typeof value === 'string' ? value.trim() : value;
}

/** A mapped scalar as text (ids may be numbers); undefined for absent, empty or non-scalar values. */
export function mapText(record: unknown, mapping: string | undefined): string | undefined {
  if (mapping === undefined) return undefined;
  const value = mapValue(record, mapping);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
