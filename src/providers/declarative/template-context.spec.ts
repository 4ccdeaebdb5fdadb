import fs from 'node:fs';
import schema from '../../../schemas/declarative-provider.schema.json' with { type: 'json' };
import {
  OPERATION_CONTEXT,
  OPERATION_NAMES,
  unknownPathReason,
  type ContextFields,
} from './template-context.js';

function paths(fields: ContextFields, prefix = ''): string[] {
  return Object.entries(fields).flatMap(([name, entry]) =>
    entry === true || entry === 'any' ? [`${prefix}${name}`] : paths(entry, `${prefix}${name}.`),
  );
}

describe('declarative template context', () => {
  it('has one context per operation of the schema', () => {
    expect([...OPERATION_NAMES].sort()).toEqual(
      Object.keys(schema.properties.operations.properties).sort(),
    );
  });

  it('is documented field by field in docs/providers.md', () => {
    const docs = fs.readFileSync('docs/providers.md', 'utf8');
    const undocumented = OPERATION_NAMES.flatMap((name) => paths(OPERATION_CONTEXT[name])).filter(
      (path) => !docs.includes(`\`${path}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('knows leaves, objects, open objects and what is missing', () => {
    const context = OPERATION_CONTEXT.createCallLog;
    expect(unknownPathReason(context, ['call', 'subject'])).toBeUndefined();
    expect(unknownPathReason(context, ['call'])).toBeUndefined();
    expect(unknownPathReason(context, ['call', 'additionalSubmission', 'x', 'y'])).toBeUndefined();
    expect(unknownPathReason(context, ['call', 'subject', 'length'])).toBe(
      'call.subject is a value and has no field length',
    );
    expect(unknownPathReason(context, ['logId'])).toMatch(/^there is no logId \(known: hostname/);
  });
});
