import { validationFailed, type FieldIssue, type JsonObject } from './field-crm-http.js';
import {
  ACTIVITY_KINDS,
  DIRECTIONS,
  type Activity,
  type ActivityContent,
  type LabeledValue,
  type NewPerson,
} from './field-crm-store.js';

const MAX_TITLE = 200;
const MAX_NOTES = 1024 * 1024;
const MAX_REF = 100;
const MAX_NAME = 100;
const MAX_LIST = 10;

/** Collects every problem of one body, so one 400 names them all. */
class Checker {
  readonly issues: FieldIssue[] = [];

  constructor(private readonly body: JsonObject) {}

  fail(field: string, issue: FieldIssue['issue'], message: string): undefined {
    this.issues.push({ field, issue, message });
    return undefined;
  }

  has(field: string): boolean {
    return this.body[field] !== undefined;
  }

  text(field: string, max: number, { required = false, blank = true } = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined)
      return required ? this.fail(field, 'required', `${field} is required`) : undefined;
    if (typeof value !== 'string') return this.fail(field, 'type', `${field} must be a string`);
    if (!blank && value.trim() === '')
      return this.fail(field, 'required', `${field} must not be blank`);
    if (value.length > max) {
      return this.fail(field, 'too_long', `${field} must be at most ${max} characters`);
    }
    return value;
  }

  /** A string, or null (which `text` refuses). */
  nullableText(field: string, max: number): string | null | undefined {
    return this.body[field] === null ? null : this.text(field, max);
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], required: boolean): T | undefined {
    const value = this.body[field];
    if (value === undefined)
      return required ? this.fail(field, 'required', `${field} is required`) : undefined;
    if (!allowed.includes(value as T)) {
      return this.fail(field, 'enum', `${field} must be one of: ${allowed.join(', ')}`);
    }
    return value as T;
  }

  /** A non-negative whole number: unix seconds or a duration in seconds. */
  seconds(field: string, required: boolean): number | undefined {
    const value = this.body[field];
    if (value === undefined)
      return required ? this.fail(field, 'required', `${field} is required`) : undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      return this.fail(field, 'type', `${field} must be a whole number of seconds (>= 0)`);
    }
    return value;
  }

  labeledValues(field: string, maxValue: number): LabeledValue[] | undefined {
    const value = this.body[field];
    if (value === undefined) return undefined;
    const ok =
      Array.isArray(value) &&
      value.length <= MAX_LIST &&
      value.every(
        (item: unknown) =>
          typeof item === 'object' &&
          item !== null &&
          typeof (item as JsonObject).label === 'string' &&
          typeof (item as JsonObject).value === 'string' &&
          (item as LabeledValue).label.length <= 40 &&
          (item as LabeledValue).value.length <= maxValue &&
          Object.keys(item).every((key) => key === 'label' || key === 'value'),
      );
    if (!ok) {
      return this.fail(
        field,
        'type',
        `${field} must be an array of at most ${MAX_LIST} {label, value} strings (value up to ${maxValue} characters)`,
      );
    }
    return (value as LabeledValue[]).map(({ label, value: text }) => ({ label, value: text }));
  }

  /** Fields not in `known` are refused rather than silently dropped. */
  onlyKnown(known: readonly string[]): void {
    for (const field of Object.keys(this.body)) {
      if (!known.includes(field))
        this.fail(field, 'unknown', `${field} is not a field of this request`);
    }
  }

  done(): void {
    if (this.issues.length) throw validationFailed(this.issues);
  }
}

const CONTENT_FIELDS = ['kind', 'title', 'notes', 'direction', 'occurred_at', 'duration_s'];

/** `POST /v2/people/:id/activities`: kind, title and occurred_at are required. */
export function newActivityInput(body: JsonObject): {
  content: ActivityContent;
  externalRef: string | null;
} {
  const check = new Checker(body);
  check.onlyKnown([...CONTENT_FIELDS, 'external_ref']);
  const kind = check.oneOf('kind', ACTIVITY_KINDS, true);
  const title = check.text('title', MAX_TITLE, { required: true, blank: false });
  const notes = check.text('notes', MAX_NOTES) ?? '';
  const direction = body.direction === null ? null : check.oneOf('direction', DIRECTIONS, false);
  const occurredAt = check.seconds('occurred_at', true);
  const duration = check.seconds('duration_s', false) ?? 0;
  const externalRef = check.nullableText('external_ref', MAX_REF) ?? null;
  check.done();
  return {
    content: {
      kind: kind!,
      title: title!,
      notes,
      direction: direction ?? null,
      occurred_at: occurredAt!,
      duration_s: duration,
    },
    externalRef,
  };
}

const READ_ONLY = [
  'id',
  'person_id',
  'owner_id',
  'external_ref',
  'created_at',
  'updated_at',
] as const;

/**
 * `PUT /v2/activities/:id` replaces the activity: every writable field is required except
 * `direction`, which is cleared when left out. Read-only fields may be sent back as they are
 * (a GET-then-PUT), but not changed.
 */
export function replacementInput(body: JsonObject, current: Activity): ActivityContent {
  const check = new Checker(body);
  check.onlyKnown([...CONTENT_FIELDS, ...READ_ONLY]);
  for (const field of READ_ONLY) {
    if (check.has(field) && body[field] !== current[field]) {
      check.fail(field, 'read_only', `${field} is read-only and cannot be changed`);
    }
  }
  const kind = check.oneOf('kind', ACTIVITY_KINDS, true);
  const title = check.text('title', MAX_TITLE, { required: true, blank: false });
  const notes = check.text('notes', MAX_NOTES, { required: true });
  const direction = body.direction === null ? null : check.oneOf('direction', DIRECTIONS, false);
  const occurredAt = check.seconds('occurred_at', true);
  const duration = check.seconds('duration_s', true);
  check.done();
  return {
    kind: kind!,
    title: title!,
    notes: notes!,
    direction: direction ?? null,
    occurred_at: occurredAt!,
    duration_s: duration!,
  };
}

/** `POST /v2/people`: last_name is required. */
export function newPersonInput(body: JsonObject): NewPerson {
  const check = new Checker(body);
  check.onlyKnown(['first_name', 'last_name', 'company', 'country', 'phones', 'emails']);
  const firstName = check.text('first_name', MAX_NAME) ?? '';
  const lastName = check.text('last_name', MAX_NAME, { required: true, blank: false });
  const company = check.nullableText('company', MAX_NAME) ?? null;
  const country = check.nullableText('country', 2) ?? null;
  if (country !== null && !/^[A-Z]{2}$/.test(country)) {
    check.fail('country', 'type', 'country must be an ISO 3166-1 alpha-2 code such as DE');
  }
  const phones = check.labeledValues('phones', 50) ?? [];
  const emails = check.labeledValues('emails', 254) ?? [];
  check.done();
  return { first_name: firstName, last_name: lastName!, company, country, phones, emails };
}
