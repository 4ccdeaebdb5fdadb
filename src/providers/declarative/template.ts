export interface Placeholder {
  readonly path: readonly string[];
  readonly filters: readonly TemplateFilter[];
}

export interface TemplateFilter {
  readonly name: FilterName;
  readonly arg?: string;
}

export type Template = readonly (string | Placeholder)[];

/** A template that could not be parsed; the message says what is wrong, for start-up errors. */
export class TemplateSyntaxError extends Error {}

export type FilterName =
  | 'truncate'
  | 'omitIfLonger'
  | 'default'
  | 'string'
  | 'number'
  | 'integer'
  | 'digits'
  | 'lower'
  | 'firstName'
  | 'lastName';

/** What each filter does, and whether it takes an argument (`'count'`: a positive integer). */
const FILTERS: Record<FilterName, 'count' | 'text' | 'none'> = {
  truncate: 'count',
  omitIfLonger: 'count',
  default: 'text',
  string: 'none',
  number: 'none',
  integer: 'none',
  digits: 'none',
  lower: 'none',
  firstName: 'none',
  lastName: 'none',
};

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Parses `{{ path | filter:arg }}` placeholders and literal text; throws TemplateSyntaxError. */
export function parseTemplate(text: string): Template {
  const parts: (string | Placeholder)[] = [];
  let rest = text;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    const strayClose = rest.indexOf('}}');
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      throw new TemplateSyntaxError(`has "}}" without a matching "{{"`);
    }
    if (open === -1) {
      parts.push(rest);
      break;
    }
    if (open > 0) parts.push(rest.slice(0, open));
    const close = rest.indexOf('}}', open + 2);
    if (close === -1) throw new TemplateSyntaxError(`has "{{" without a closing "}}"`);
    parts.push(parsePlaceholder(rest.slice(open + 2, close)));
    rest = rest.slice(close + 2);
  }
  return parts;
}

function parsePlaceholder(inner: string): Placeholder {
  if (inner.includes('{{')) throw new TemplateSyntaxError('has "{{" inside a placeholder');
  const [expression, ...filterTexts] = inner.split('|').map((part) => part.trim());
  if (expression === '') throw new TemplateSyntaxError('has an empty placeholder {{ }}');
  const path = expression.split('.');
  if (!path.every((segment) => SEGMENT.test(segment))) {
    throw new TemplateSyntaxError(
      `has an invalid placeholder {{${inner}}}: use a dotted path such as {{call.subject}}`,
    );
  }
  return { path, filters: filterTexts.map((filter) => parseFilter(filter, inner)) };
}

function parseFilter(text: string, inner: string): TemplateFilter {
  const colon = text.indexOf(':');
  const name = (colon === -1 ? text : text.slice(0, colon)).trim();
  const arg = colon === -1 ? undefined : text.slice(colon + 1).trim();
  const kind = FILTERS[name as FilterName];
  if (!kind || !Object.hasOwn(FILTERS, name)) {
    throw new TemplateSyntaxError(
      `has an unknown filter "${name}" in {{${inner}}} (known: ${Object.keys(FILTERS).join(', ')})`,
    );
  }
  if (kind === 'none' && arg !== undefined) {
    throw new TemplateSyntaxError(`filter "${name}" takes no argument in {{${inner}}}`);
  }
  if (kind === 'count' && !(arg !== undefined && /^[1-9]\d{0,6}$/.test(arg))) {
    throw new TemplateSyntaxError(
      `filter "${name}" needs a positive whole number, as in ${name}:255, in {{${inner}}}`,
    );
  }
  if (kind === 'text' && arg === undefined) {
    throw new TemplateSyntaxError(
      `filter "${name}" needs a value, as in ${name}:x, in {{${inner}}}`,
    );
  }
  return { name: name as FilterName, arg };
}

export function placeholdersOf(template: Template): Placeholder[] {
  return template.filter((part): part is Placeholder => typeof part !== 'string');
}

export const isLiteral = (template: Template): boolean => placeholdersOf(template).length === 0;

export function lookupPath(scope: unknown, path: readonly string[]): unknown {
  let value = scope;
  for (const segment of path) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    if (!Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

export function evaluate(placeholder: Placeholder, scope: unknown): unknown {
  let value = lookupPath(scope, placeholder.path);
  for (const filter of placeholder.filters) value = applyFilter(filter, value);
  return value;
}

function applyFilter(filter: TemplateFilter, value: unknown): unknown {
  switch (filter.name) {
    case 'truncate':
      return typeof value === 'string' ? [...value].slice(0, Number(filter.arg)).join('') : value;
    case 'omitIfLonger':
      return typeof value === 'string' && [...value].length > Number(filter.arg)
        ? undefined
        : value;
    case 'default':
      return value === undefined || value === null || value === '' ? filter.arg : value;
    case 'string':
      return value === undefined || value === null ? value : textOf(value);
    case 'number':
      return toNumber(value);
    case 'integer': {
      const number = toNumber(value);
      return typeof number === 'number' ? Math.trunc(number) : number;
    }
    case 'digits':
      return typeof value === 'string' || typeof value === 'number'
        ? String(value).replace(/\D/g, '')
        : value;
    case 'lower':
      return typeof value === 'string' ? value.toLowerCase() : value;
    case 'firstName':
    case 'lastName': {
      if (typeof value !== 'string') return value;
      // The last word is the last name; a single word is a last name (CRMs often require one).
      const words = value.trim().split(/\s+/).filter(Boolean);
      const last = words.pop() ?? '';
      return filter.name === 'lastName' ? last : words.join(' ');
    }
  }
}

function toNumber(value: unknown): unknown {
  if (typeof value === 'number' || value === undefined || value === null) return value;
  const number = Number(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(number)
    ? number
    : value;
}

/**
 * Renders a template. Exactly one placeholder keeps the value's JSON type (undefined: leave it
 * out); any other template is text, absent values ''. `encode` escapes each inserted value.
 */
export function renderTemplate(
  template: Template,
  scope: unknown,
  encode: (text: string) => string = (text) => text,
): unknown {
  if (template.length === 1 && typeof template[0] !== 'string') {
    const value = evaluate(template[0], scope);
    return typeof value === 'string' ? encode(value) : value;
  }
  return template
    .map((part) => {
      if (typeof part === 'string') return part;
      const value = evaluate(part, scope);
      return value === undefined || value === null ? '' : encode(textOf(value));
    })
    .join('');
}

function textOf(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
