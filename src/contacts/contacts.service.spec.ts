import type { CrmSessionService } from '../auth/crm-session.service.js';
import type { CacheConfig } from '../config/cache.config.js';
import { metricsConfig } from '../config/metrics.config.js';
import type { CrmContact } from '../crm/crm-contact.types.js';
import type { CrmContext } from '../crm/crm-context.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import type { PhoneQuery } from '../crm/phone/index.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { ContactsService } from './contacts.service.js';

/** A provider stub at the seam: records the queries it gets, answers one contact. */
function providerStub(searchesExtensions: boolean, cache: Partial<CacheConfig> = {}) {
  const queries: PhoneQuery[] = [];
  const provider = {
    platform: 'stub',
    displayName: 'Stub CRM',
    contactTypes: [{ display: 'Person', value: 'Person' }],
    searchesExtensions,
    findContactsByPhone: async (_ctx: CrmContext, query: PhoneQuery): Promise<CrmContact[]> => {
      queries.push(query);
      return [{ id: '7', name: 'Front desk' }];
    },
  } as unknown as CrmProvider;
  const sessions = {
    open: () => ({ provider, ctx: {} as CrmContext }),
  } as unknown as CrmSessionService;
  const config = {
    userTtlMs: 0,
    contactTtlSeconds: 0,
    contactMissTtlSeconds: 0,
    maxEntries: 0,
    ...cache,
  } as CacheConfig;
  const metrics = new MetricsService(metricsConfig.read({ METRICS_ENABLED: 'false' }));
  return { queries, service: new ContactsService(sessions, config, metrics) };
}

const user = {} as UserEntity;

describe('ContactsService: extension numbers (isExtension=true)', () => {
  it('answers only the placeholder, without asking the CRM, when the provider cannot search them', async () => {
    const { queries, service } = providerStub(false);
    const reply = await service.findByPhone(user, { phoneNumber: '101', isExtension: true });
    expect(queries).toEqual([]);
    expect(reply.successful).toBe(true);
    expect((reply.contact as { id: string }[]).map((c) => c.id)).toEqual(['createNewContact']);
  });

  it('hands the extension to a provider that searches extensions', async () => {
    const { queries, service } = providerStub(true);
    const reply = await service.findByPhone(user, { phoneNumber: ' 101 ', isExtension: true });
    expect(queries).toEqual([expect.objectContaining({ isExtension: true, extension: '101' })]);
    expect((reply.contact as { id: string }[]).map((c) => c.id)).toEqual(['7', 'createNewContact']);
  });

  it('still searches phone numbers normally', async () => {
    const { queries, service } = providerStub(false);
    await service.findByPhone(user, { phoneNumber: ' 14155550100' });
    expect(queries).toEqual([
      expect.objectContaining({ e164: '+14155550100', isExtension: false }),
    ]);
  });
});

describe('ContactsService: a number asked again is not parsed again', () => {
  // Lookups themselves uncached (TTL 0): every request reaches the provider with its parsed query.
  const memoOnly = { maxEntries: 100 };

  it('hands the same parsed query for the same number, format and kind', async () => {
    const { queries, service } = providerStub(true, memoOnly);
    await service.findByPhone(user, { phoneNumber: ' 14155550100' });
    await service.findByPhone(user, { phoneNumber: ' 14155550100' });
    expect(queries).toHaveLength(2);
    expect(queries[1]).toBe(queries[0]);
  });

  it('parses anew when the overriding format or the kind differs', async () => {
    const { queries, service } = providerStub(true, memoOnly);
    await service.findByPhone(user, { phoneNumber: '101', isExtension: true });
    await service.findByPhone(user, {
      phoneNumber: '+14155550100',
      overridingFormat: '(***) ***-****',
    });
    await service.findByPhone(user, {
      phoneNumber: '+14155550100',
      overridingFormat: '***-***-****',
    });
    await service.findByPhone(user, { phoneNumber: '+14155550100' });
    expect(queries.map((q) => (q.isExtension ? `x:${q.extension}` : q.overriding))).toEqual([
      'x:101',
      ['(415) 555-0100'],
      ['415-555-0100'],
      [],
    ]);
  });
});
