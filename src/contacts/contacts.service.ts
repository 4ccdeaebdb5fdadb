import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { detailLines, success, warning, type Envelope } from '../common/envelope.js';
import { CrmSessionService } from '../auth/crm-session.service.js';
import { TtlCache } from '../common/ttl-cache.js';
import { cacheConfig, type CacheConfig } from '../config/cache.config.js';
import type { CrmContact } from '../crm/crm-contact.types.js';
import { CrmError } from '../crm/crm-error.js';
import { softCrmFailure } from '../crm/soft-crm-failure.js';
import { InvalidPhoneNumberError, parsePhoneQuery, type PhoneQuery } from '../crm/phone/index.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { newContactPlaceholder, toClientContact } from './contact-reply.js';
import type { CreateContactDto } from './dto/create-contact.dto.js';
import type { FindContactQuery } from './dto/find-contact.query.js';

const PHONE_QUERY_TTL_MS = 3_600_000;

@Injectable()
export class ContactsService {
  /** Matches of recent lookups per user; the placeholder is never cached. */
  private readonly lookups: TtlCache<CrmContact[]>;
  private readonly phoneQueries: TtlCache<PhoneQuery>;

  constructor(
    private readonly sessions: CrmSessionService,
    @Inject(cacheConfig.KEY) private readonly cache: CacheConfig,
    metrics: MetricsService,
  ) {
    this.lookups = new TtlCache(cache.maxEntries, {
      onLookup: metrics.cacheObserver('contact_lookups'),
    });
    this.phoneQueries = new TtlCache(cache.maxEntries);
  }

  /** The same number asked again (a ringing phone) is not parsed again: parsing is pure. */
  private phoneQueryOf(input: FindContactQuery): PhoneQuery {
    const isExtension = input.isExtension === true;
    const key = `${isExtension ? 'x' : 'n'}|${input.overridingFormat ?? ''}|${input.phoneNumber}`;
    let query = this.phoneQueries.get(key);
    if (!query) {
      query = parsePhoneQuery(input.phoneNumber, {
        overridingFormat: input.overridingFormat,
        isExtension,
      });
      this.phoneQueries.set(key, query, PHONE_QUERY_TTL_MS);
    }
    return query;
  }

  /** Call pop: the list ends with the create-new placeholder; `successful` means the lookup ran. */
  async findByPhone(user: UserEntity, input: FindContactQuery): Promise<Envelope> {
    const session = this.sessions.open(user);
    const { provider } = session;
    const placeholder = newContactPlaceholder(provider);
    let query: PhoneQuery;
    try {
      query = this.phoneQueryOf(input);
    } catch (error) {
      if (!(error instanceof InvalidPhoneNumberError)) throw error;
      return {
        successful: false,
        returnMessage: warning('Invalid phone number', 3000),
        contact: [placeholder],
      };
    }
    const cacheKey = `${tenantOf(user)}${user.id}|${query.isExtension ? `x:${query.extension}` : query.e164}|${query.overriding.join(',')}`;
    let matches = input.isForceRefreshAccountData ? undefined : this.lookups.get(cacheKey);
    try {
      // A provider that cannot search by extension gets no call: no matches, no error (§4.1).
      matches ??=
        query.isExtension && !provider.searchesExtensions
          ? []
          : await provider.findContactsByPhone(session.ctx, query);
      this.lookups.set(
        cacheKey,
        matches,
        (matches.length > 0 ? this.cache.contactTtlSeconds : this.cache.contactMissTtlSeconds) *
          1000,
      );
    } catch (error) {
      return softCrmFailure(error, { contact: [placeholder] });
    }
    if (matches.length === 0) {
      return {
        successful: true,
        returnMessage: warning(
          'Contact not found',
          3000,
          detailLines(
            'Details',
            `No contact in ${provider.displayName} has the number ${query.isExtension ? query.extension : query.e164}.`,
          ),
        ),
        contact: [placeholder],
      };
    }
    return { successful: true, contact: [...matches.map(toClientContact), placeholder] };
  }

  async create(user: UserEntity, input: CreateContactDto): Promise<Envelope> {
    const { provider, ctx } = this.sessions.open(user);
    const types = provider.contactTypes?.map((type) => type.value) ?? [];
    if (
      input.newContactType !== undefined &&
      types.length > 0 &&
      !types.includes(input.newContactType)
    ) {
      throw AppError.invalidRequest(`newContactType must be one of ${types.join(', ')}`);
    }
    if (!provider.createContact) {
      throw new CrmError('UNSUPPORTED', 'createContact is not implemented', {
        crm: provider.displayName,
        operation: 'createContact',
      });
    }
    const created = await provider.createContact(ctx, {
      phoneNumber: input.phoneNumber,
      name: input.newContactName,
      type: input.newContactType ?? types[0],
      additionalSubmission: input.additionalSubmission ?? {},
    });
    // The new contact must show at the next call pop, for everyone on this CRM tenant.
    this.lookups.deletePrefix(tenantOf(user));
    const contact = toClientContact(created);
    return {
      successful: true,
      returnMessage: success('Contact created'),
      contact: {
        id: contact.id,
        name: contact.name,
        type: contact.type,
        additionalInfo: contact.additionalInfo,
      },
    };
  }

  /** GET /custom/contact/search: an empty result always explains itself. */
  async searchByName(user: UserEntity, rawName: string): Promise<Envelope> {
    const { provider, ctx } = this.sessions.open(user);
    const name = rawName.trim();
    if (name.length < 2) {
      return {
        successful: true,
        returnMessage: warning('Please enter at least 2 characters to search', 3000),
        contact: [],
      };
    }
    if (!provider.findContactsByName) {
      throw new CrmError('UNSUPPORTED', 'findContactsByName is not implemented', {
        crm: provider.displayName,
        operation: 'findContactsByName',
      });
    }
    let matches;
    try {
      matches = await provider.findContactsByName(ctx, name);
    } catch (error) {
      return softCrmFailure(error, { contact: [] });
    }
    if (matches.length === 0) {
      return {
        successful: true,
        returnMessage: warning(`No contact found with name ${name}`, 3000),
        contact: [],
      };
    }
    return { successful: true, contact: matches.map(toClientContact) };
  }
}

/** Cache-key prefix of everyone on the same CRM tenant (contacts are shared there). */
const tenantOf = (user: UserEntity) => `${user.platform}|${user.hostname}|`;
