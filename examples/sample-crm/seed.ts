import type { Appointment, Contact, CrmUser } from './sample-crm-store.js';

/**
 * The two seeded CRM users, who sign in on the OAuth login page with email + password. Fresh objects
 * on every call, so a reset never shares state.
 */
export function seedUsers(): CrmUser[] {
  return [
    {
      id: 'u_alice',
      name: 'Alice Example',
      email: 'alice@sample-crm.test',
      password: 'alice-password',
      apiKey: 'sample-key-alice',
      timezone: 'America/Los_Angeles',
    },
    {
      id: 'u_bob',
      name: 'Bob Example',
      email: 'bob@sample-crm.test',
      password: 'bob-password',
      apiKey: 'sample-key-bob',
      timezone: 'Europe/London',
    },
  ];
}

/**
 * The seeded contacts. Phones are stored as people typed them, in five different formats: the
 * CRM's phone search is an exact text match, so a caller must try each format it may be stored in.
 */
export function seedContacts(): Contact[] {
  return [
    {
      id: 101,
      name: 'Jane Doe',
      phone: '(415) 555-0100',
      type: 'Person',
      company: 'Acme',
      title: 'CFO',
      email: 'jane@acme.test',
      createdAt: '2024-01-02T03:04:05.000Z',
    },
    {
      id: 102,
      name: 'John Smith',
      phone: '+44 20 7946 0958',
      type: 'Person',
      createdAt: '2024-01-03T09:00:00.000Z',
    },
    {
      id: 103,
      name: 'Ana Lima',
      phone: '4155550123',
      type: 'Person',
      createdAt: '2024-01-04T09:00:00.000Z',
    },
    {
      id: 104,
      name: 'Carlos Diaz',
      phone: '+1-415-555-0199',
      type: 'Person',
      createdAt: '2024-01-05T09:00:00.000Z',
    },
    {
      id: 105,
      name: 'Dana Diaz',
      phone: '415.555.0199',
      type: 'Person',
      createdAt: '2024-01-06T09:00:00.000Z',
    },
  ];
}

/** One appointment in each seeded user's calendar (9001 Alice's, 9002 Bob's). */
export function seedAppointments(): Appointment[] {
  return [
    {
      id: 9001,
      ownerId: 'u_alice',
      title: 'Quarterly review',
      description: 'Go through the invoices with Jane',
      startsAt: '2030-03-04T17:00:00.000Z',
      timezone: 'America/Los_Angeles',
      durationMinutes: 30,
      status: 'scheduled',
      contactIds: [101],
      createdAt: '2024-01-02T03:04:05.000Z',
      updatedAt: '2024-01-02T03:04:05.000Z',
    },
    {
      id: 9002,
      ownerId: 'u_bob',
      title: 'Intro call',
      description: 'First call with John',
      startsAt: '2030-03-05T10:00:00.000Z',
      timezone: 'Europe/London',
      durationMinutes: 45,
      status: 'confirmed',
      contactIds: [102],
      createdAt: '2024-01-03T09:00:00.000Z',
      updatedAt: '2024-01-03T09:00:00.000Z',
    },
  ];
}
