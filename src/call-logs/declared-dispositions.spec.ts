import type { LogFormField } from '../crm/crm-activity.types.js';
import { declaredDispositions } from './declared-dispositions.js';

const field = (name: string) => ({ const: name, title: name, type: 'inputField' }) as LogFormField;

describe('declaredDispositions', () => {
  it('keeps the declared call-log fields with a string, number or boolean value', () => {
    const provider = {
      logFormFields: { callLog: [field('outcome'), field('score'), field('ok')] },
    };
    expect(
      declaredDispositions(provider, {
        outcome: 'resolved',
        score: 3,
        ok: false,
        note: 'not a field',
        notAField: 'x',
      }),
    ).toEqual({ outcome: 'resolved', score: 3, ok: false });
  });

  it('drops declared fields whose value is an object, an array or null', () => {
    const provider = { logFormFields: { callLog: [field('a'), field('b'), field('c')] } };
    expect(declaredDispositions(provider, { a: { x: 1 }, b: ['x'], c: null })).toEqual({});
  });

  it('keeps nothing for a provider without call-log fields', () => {
    expect(declaredDispositions({}, { outcome: 'resolved' })).toEqual({});
    expect(
      declaredDispositions({ logFormFields: { messageLog: [field('outcome')] } }, { outcome: 'x' }),
    ).toEqual({});
  });
});
