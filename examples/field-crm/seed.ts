import type { Activity, FieldUser, Person } from './field-crm-store.js';

/** 2024-06-03T08:00:00Z, a Monday: the seeded activities happen around it. */
const SEED_TIME = 1717401600;

/** The two seeded users. Fresh objects on every call, so a reset never shares state. */
export function seedUsers(): FieldUser[] {
  return [
    {
      id: 'usr_alice',
      name: 'Alice Keller',
      email: 'alice@field-crm.test',
      password: 'alice-password',
      apiKey: 'fk_alice_7Qm2xR9v',
      timeZone: 'Europe/Berlin',
    },
    {
      id: 'usr_bob',
      name: 'Bob Turner',
      email: 'bob@field-crm.test',
      password: 'bob-password',
      apiKey: 'fk_bob_3Hs8kW1p',
      timeZone: 'America/New_York',
    },
  ];
}

/**
 * People in DE, GB, US and FR with phones typed the way people type them: national formats with
 * a trunk prefix, the `00` international prefix, `+44 (0)…`, an extension, an empty first phone, a
 * number two people share, and a US number whose digits contain a German number's national digits
 * (`301234567` is in `13012345678`), so a digits-substring search returns a false positive.
 */
export function seedPeople(): Person[] {
  const person = (
    id: number,
    first: string,
    last: string,
    country: string,
    phones: [string, string][],
    extra: Partial<Person> = {},
  ): Person => ({
    id: `prs_${id}`,
    first_name: first,
    last_name: last,
    company: null,
    country,
    emails: [],
    phones: phones.map(([label, value]) => ({ label, value })),
    created_at: SEED_TIME - 86400 * (30 - (id - 1000)),
    ...extra,
  });
  return [
    person(
      1001,
      'Anna',
      'Schmidt',
      'DE',
      [
        ['work', '030 1234567'],
        ['mobile', '0171 2345678'],
      ],
      {
        company: 'Beispiel GmbH',
        emails: [{ label: 'work', value: 'anna.schmidt@beispiel.test' }],
      },
    ),
    person(1002, 'Jürgen', 'Weber', 'DE', [['work', '0049 89 4711 0815 x12']], {
      company: 'Beispiel GmbH',
    }),
    person(1003, 'Oliver', 'Bennett', 'GB', [
      ['office', '020 7946 0018'],
      ['mobile', '07911 654321'],
    ]),
    person(
      1004,
      'Emma',
      'Clarke',
      'GB',
      [
        ['mobile', ''],
        ['office', '+44 (0)20 7946 0018'],
      ],
      { emails: [{ label: 'work', value: 'emma@clarke.test' }] },
    ),
    person(1005, 'Michael', 'Brown', 'US', [['work', '+1 (301) 234-5678']]),
    person(1006, 'Sarah', 'Miller', 'US', [
      ['mobile', '415.555.0134'],
      ['work', '1-415-555-0100 ext. 7'],
    ]),
    person(1007, 'Camille', 'Dubois', 'FR', [
      ['bureau', '01 23 45 67 89'],
      ['mobile', '+33 6 12 34 56 78'],
    ]),
    person(1008, 'Luc', 'Martin', 'FR', [['mobile', '0033 6 98 76 54 32']]),
  ];
}

/** Three activities: two calls with Anna (one by each user) and an SMS with Oliver. */
export function seedActivities(): Activity[] {
  const activity = (
    id: number,
    personId: string,
    ownerId: string,
    fields: Partial<Activity>,
  ): Activity => ({
    id: `act_${id}`,
    person_id: personId,
    owner_id: ownerId,
    kind: 'call',
    title: '',
    notes: '',
    direction: null,
    occurred_at: SEED_TIME,
    duration_s: 0,
    external_ref: null,
    created_at: SEED_TIME,
    updated_at: SEED_TIME,
    ...fields,
  });
  return [
    activity(5001, 'prs_1001', 'usr_alice', {
      title: 'Intro call with Anna',
      notes: 'Wants a quote for 20 seats.',
      direction: 'outbound',
      occurred_at: SEED_TIME + 1800,
      duration_s: 754,
      external_ref: 'seed-call-1',
      created_at: SEED_TIME + 2600,
      updated_at: SEED_TIME + 2600,
    }),
    activity(5002, 'prs_1001', 'usr_bob', {
      title: 'Follow-up',
      notes: 'Left a message.',
      direction: 'outbound',
      occurred_at: SEED_TIME + 86400,
      duration_s: 31,
      created_at: SEED_TIME + 86500,
      updated_at: SEED_TIME + 86500,
    }),
    activity(5003, 'prs_1003', 'usr_alice', {
      kind: 'sms',
      title: 'SMS with Oliver',
      notes: 'Oliver: see you at 3',
      direction: 'inbound',
      occurred_at: SEED_TIME + 3600,
      created_at: SEED_TIME + 3605,
      updated_at: SEED_TIME + 3605,
    }),
  ];
}
