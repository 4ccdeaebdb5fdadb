import type { KnownNumber } from './kit-checks.js';

/** field CRM's seeded users' API keys (examples/field-crm/README.md). */
export const FIELD_CRM_KEYS = { alice: 'fk_alice_7Qm2xR9v', bob: 'fk_bob_3Hs8kW1p' } as const;

/**
 * field CRM's seeded numbers, each as E.164 with every person who has it, whatever the stored
 * format (trunk prefixes, `00`, `(0)`, extensions, an empty first phone, a shared number); and
 * +49301234567, whose national number is inside Michael Brown's US number, which must not match.
 */
export const FIELD_CRM_NUMBERS: readonly KnownNumber[] = [
  { e164: '+49301234567', names: ['Anna Schmidt'] },
  { e164: '+491712345678', names: ['Anna Schmidt'] },
  { e164: '+498947110815', names: ['Jürgen Weber'] },
  { e164: '+442079460018', names: ['Emma Clarke', 'Oliver Bennett'] },
  { e164: '+447911654321', names: ['Oliver Bennett'] },
  { e164: '+13012345678', names: ['Michael Brown'] },
  { e164: '+14155550134', names: ['Sarah Miller'] },
  { e164: '+14155550100', names: ['Sarah Miller'] },
  { e164: '+33123456789', names: ['Camille Dubois'] },
  { e164: '+33612345678', names: ['Camille Dubois'] },
  { e164: '+33698765432', names: ['Luc Martin'] },
  { e164: '+442079460019', names: [] },
];
