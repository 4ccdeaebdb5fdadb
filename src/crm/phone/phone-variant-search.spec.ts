import { jest } from '@jest/globals';
import { CrmError } from '../crm-error.js';
import { parsePhoneQuery } from './phone-query.js';
import { searchPhoneVariants } from './phone-variant-search.js';
import type { PhoneVariantKind } from './phone-variants.js';

interface Contact {
  id: string;
  phone: string;
}

type Search = (variant: string, kind: PhoneVariantKind) => Promise<readonly Contact[]>;

const idOf = (contact: Contact) => contact.id;

/** A CRM whose phone search is an exact match on the stored text. */
function exactMatchCrm(contacts: readonly Contact[]) {
  const byPhone = new Map<string, Contact[]>();
  for (const contact of contacts) {
    byPhone.set(contact.phone, [...(byPhone.get(contact.phone) ?? []), contact]);
  }
  return jest.fn<Search>(async (variant) => byPhone.get(variant) ?? []);
}

/** A search that answers from a script keyed by variant. */
function scripted(results: Record<string, readonly Contact[]>) {
  return jest.fn<Search>(async (variant) => results[variant] ?? []);
}

const seeded: Contact[] = [
  { id: '1', phone: '(415) 555-0100' },
  { id: '2', phone: '+44 20 7946 0958' },
  { id: '3', phone: '4155550123' },
  { id: '4', phone: '+1-415-555-0199' },
  { id: '5', phone: '415.555.0199' },
];

describe('searchPhoneVariants', () => {
  it.each([
    ['(415) 555-0100', '+14155550100', ['1'], 'national'],
    ['+44 20 7946 0958', '+442079460958', ['2'], 'international'],
    ['4155550123', '+14155550123', ['3'], 'nationalDigits'],
    ['+1-415-555-0199', '+14155550199', ['4', '5'], 'dashed'],
    ['415.555.0199', '+14155550199', ['4', '5'], 'dotted'],
  ])(
    'finds %j in an exact-match CRM from the client number %s',
    async (stored, e164, expectedIds, kind) => {
      const search = exactMatchCrm(seeded);

      const found = await searchPhoneVariants(parsePhoneQuery(` ${e164.slice(1)}`), search, {
        idOf,
      });

      expect(found.map(idOf)).toEqual(expectedIds);
      expect(search).toHaveBeenCalledWith(stored, kind);
    },
  );

  it('calls the CRM once per distinct variant, in order, with its kind', async () => {
    const search = exactMatchCrm([]);
    const query = parsePhoneQuery('+14155550100', { overridingFormat: '(###) ###-####' });

    await searchPhoneVariants(query, search, { idOf });

    expect(search.mock.calls).toEqual([
      ['+14155550100', 'e164'],
      ['(415) 555-0100', 'overriding'],
      ['+1 415 555 0100', 'international'],
      ['4155550100', 'nationalDigits'],
      ['14155550100', 'digits'],
      ['+1-415-555-0100', 'dashed'],
      ['415.555.0100', 'dotted'],
    ]);
  });

  it('searches only the kinds asked for', async () => {
    const search = exactMatchCrm([]);

    await searchPhoneVariants(parsePhoneQuery('+14155550100'), search, {
      idOf,
      variants: ['digits', 'e164'],
    });

    expect(search.mock.calls).toEqual([
      ['14155550100', 'digits'],
      ['+14155550100', 'e164'],
    ]);
  });

  it('merges results by id in order of first appearance', async () => {
    const a = { id: 'a', phone: 'first' };
    const b = { id: 'b', phone: 'first' };
    const c = { id: 'c', phone: 'first' };
    const search = scripted({
      '+14155550100': [a],
      '(415) 555-0100': [b, { id: 'a', phone: 'second' }],
      '4155550100': [c, b, c],
    });

    const found = await searchPhoneVariants(parsePhoneQuery('+14155550100'), search, { idOf });

    expect(found).toEqual([a, b, c]);
  });

  it('runs one search at a time', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const search = jest.fn<Search>(async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
      return [];
    });

    await searchPhoneVariants(parsePhoneQuery('+14155550100'), search, { idOf });

    expect(search).toHaveBeenCalledTimes(7);
    expect(mostAtOnce).toBe(1);
  });

  it('stops after the first variant that found something with first-hit', async () => {
    const search = scripted({
      '(415) 555-0100': [{ id: '1', phone: '(415) 555-0100' }],
      '4155550100': [{ id: '2', phone: '4155550100' }],
    });

    const found = await searchPhoneVariants(parsePhoneQuery('+14155550100'), search, {
      idOf,
      stop: 'first-hit',
    });

    expect(found.map(idOf)).toEqual(['1']);
    expect(search).toHaveBeenCalledTimes(2);
  });

  it('tries every variant with first-hit when nothing matches', async () => {
    const search = exactMatchCrm([]);

    const found = await searchPhoneVariants(parsePhoneQuery('+14155550100'), search, {
      idOf,
      stop: 'first-hit',
    });

    expect(found).toEqual([]);
    expect(search).toHaveBeenCalledTimes(7);
  });

  it('tries every variant by default even after a hit', async () => {
    const search = scripted({ '+14155550100': [{ id: '1', phone: '+14155550100' }] });

    await searchPhoneVariants(parsePhoneQuery('+14155550100'), search, { idOf });

    expect(search).toHaveBeenCalledTimes(7);
  });

  it('caps the number of CRM calls with maxSearches', async () => {
    const search = scripted({
      '+1 415 555 0100': [{ id: '3', phone: '+1 415 555 0100' }],
      '4155550100': [{ id: '4', phone: '4155550100' }],
    });

    const found = await searchPhoneVariants(parsePhoneQuery('+14155550100'), search, {
      idOf,
      maxSearches: 3,
    });

    expect(found.map(idOf)).toEqual(['3']);
    expect(search.mock.calls.map(([variant]) => variant)).toEqual([
      '+14155550100',
      '(415) 555-0100',
      '+1 415 555 0100',
    ]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects maxSearches %p', async (maxSearches) => {
    const search = exactMatchCrm([]);

    await expect(
      searchPhoneVariants(parsePhoneQuery('+14155550100'), search, { idOf, maxSearches }),
    ).rejects.toThrow(RangeError);
    expect(search).not.toHaveBeenCalled();
  });

  it('propagates a CRM error and makes no further calls', async () => {
    const failure = new CrmError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 5 });
    const search = jest
      .fn<Search>()
      .mockResolvedValueOnce([{ id: '1', phone: '+14155550100' }])
      .mockRejectedValueOnce(failure)
      .mockResolvedValue([]);

    await expect(
      searchPhoneVariants(parsePhoneQuery('+14155550100'), search, { idOf }),
    ).rejects.toBe(failure);
    expect(search).toHaveBeenCalledTimes(2);
  });

  it('returns no matches for an extension without calling the CRM', async () => {
    const search = exactMatchCrm([{ id: '1', phone: '101' }]);

    const found = await searchPhoneVariants(parsePhoneQuery('101', { isExtension: true }), search, {
      idOf,
    });

    expect(found).toEqual([]);
    expect(search).not.toHaveBeenCalled();
  });
});
