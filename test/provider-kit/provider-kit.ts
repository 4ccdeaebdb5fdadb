import { randomBytes, randomInt } from 'node:crypto';
import { revokeToken } from '../../src/auth/oauth/oauth-token-client.js';
import { standaloneCrmCallPolicy } from '../../src/crm/crm-call-policy.js';
import { isCrmError } from '../../src/crm/crm-error.js';
import type { CrmContact } from '../../src/crm/crm-provider.interface.js';
import {
  parsePhoneQuery,
  phoneVariantEntries,
  type PhoneVariantKind,
} from '../../src/crm/phone/index.js';
import type { KitConnection } from './kit-connection.js';

export interface ProviderKitOptions {
  /**
   * Formats the "stored in several formats" check writes numbers in, the way people type them
   * into a CRM (through createContact). [] skips the check.
   */
  storedFormats?: readonly PhoneVariantKind[];
  /** Skip the logout check, which revokes the credentials it was given. */
  skipLogout?: boolean;
}

export const DEFAULT_STORED_FORMATS: readonly PhoneVariantKind[] = [
  'national',
  'international',
  'dashed',
  'nationalDigits',
];

/** Fictional NANP numbers (555-0100 to 555-0199) in a few area codes, unique enough per run. */
function kitNumber(): string {
  const areas = ['202', '212', '312', '415', '503', '617', '646', '702', '713', '808'];
  return `+1${areas[randomInt(areas.length)]}55501${String(randomInt(100)).padStart(2, '0')}`;
}

const tag = () => randomBytes(4).toString('hex');

/**
 * The provider seam's promises (docs/providers.md, "Testing with the kit"), checked against one
 * provider connected to its CRM: who the user is; a number stored in other formats is found from
 * E.164; a created contact is found; call logs are created, read and updated; message logs are
 * created and appended to; logout invalidates the credentials. It writes contacts and activities,
 * so point it at a sandbox. A check the provider cannot take (an optional operation it lacks) is
 * reported as skipped, saying why.
 */
export function describeProviderKit(
  connection: KitConnection,
  options: ProviderKitOptions = {},
): void {
  const { provider, ctx } = connection;
  const formats = options.storedFormats ?? DEFAULT_STORED_FORMATS;
  const createContact = provider.createContact?.bind(provider);
  const ids = (contacts: CrmContact[]) => contacts.map((contact) => contact.id);
  const findByPhone = (e164: string) => provider.findContactsByPhone(ctx, parsePhoneQuery(e164));
  const when = (applies: boolean, why: string) =>
    applies
      ? it
      : (title: string, fn: () => Promise<void>) => it.skip(`${title} (skipped: ${why})`, fn);
  let contact: CrmContact | undefined;
  const contactPhone = kitNumber();
  const kitContact = async () => {
    contact ??= await createContact!(ctx, {
      phoneNumber: contactPhone,
      name: `Kit Contact ${tag()}`,
      type: provider.contactTypes?.[0]?.value,
      additionalSubmission: {},
    });
    return contact;
  };

  describe(`provider kit: ${provider.platform} (${provider.displayName})`, () => {
    afterAll(() => connection.close());

    it('tells who the signed-in user is', async () => {
      const me = await provider.getUserInfo(ctx);
      expect(me.id).toEqual(expect.any(String));
      expect(me.id).not.toBe('');
      expect(me.name.trim()).not.toBe('');
      if (connection.expectedUserName) expect(me.name).toBe(connection.expectedUserName);
      if (me.timezone !== undefined) {
        expect(() => new Intl.DateTimeFormat('en-US', { timeZone: me.timezone })).not.toThrow();
      }
    });

    when(
      !!createContact && formats.length > 0,
      createContact ? 'no storedFormats' : 'the provider cannot create contacts',
    )('finds a number stored in other formats from its E.164 form', async () => {
      for (const format of formats) {
        const e164 = kitNumber();
        const [stored] = phoneVariantEntries(parsePhoneQuery(e164), [format]);
        // Written as a person would type it; the client always asks in E.164.
        const created = await createContact!(ctx, {
          phoneNumber: stored.value,
          name: `Kit ${format} ${tag()}`,
          additionalSubmission: {},
        });
        expect({ format, stored: stored.value, found: ids(await findByPhone(e164)) }).toEqual({
          format,
          stored: stored.value,
          found: expect.arrayContaining([created.id]),
        });
      }
    });

    when(!!createContact, 'the provider cannot create contacts')(
      'creates a contact, then finds it by phone and by name',
      async () => {
        const created = await kitContact();
        expect(created.id).toEqual(expect.any(String));
        expect(created.name).toBe(contact!.name);
        expect(ids(await findByPhone(contactPhone))).toContain(created.id);
        if (provider.findContactsByName) {
          expect(ids(await provider.findContactsByName(ctx, created.name))).toContain(created.id);
        }
      },
    );

    when(!!createContact, 'the kit needs createContact for a contact to log against')(
      'creates, reads and updates a call log',
      async () => {
        const target = await kitContact();
        const subject = `Kit call ${tag()}`;
        const { logId } = await provider.createCallLog(ctx, {
          contactId: target.id,
          contactType: target.type,
          contactName: target.name,
          subject,
          body: 'Provider kit call note\n',
          sessionId: String(randomInt(1e9, 1e10)),
          direction: 'Outbound',
          startTime: new Date(),
          durationSeconds: 42,
          additionalSubmission: {},
          idempotencyKey: `kit-${tag()}`,
        });
        expect(logId).toEqual(expect.any(String));
        const read = await provider.getCallLog(ctx, logId);
        expect(read.subject).toBe(subject);
        expect(read.body.trim()).toBe('Provider kit call note');
        if (read.contactId !== undefined) expect(read.contactId).toBe(target.id);

        await provider.updateCallLog(ctx, logId, {
          subject: `${subject} (updated)`,
          body: 'Provider kit call note, updated\n',
        });
        const updated = await provider.getCallLog(ctx, logId);
        expect(updated.subject).toBe(`${subject} (updated)`);
        expect(updated.body.trim()).toBe('Provider kit call note, updated');

        const field = provider.logFormFields?.callLog?.find((f) => f.options?.length);
        if (provider.upsertCallDisposition && field) {
          const value = field.options![0].const;
          await provider.upsertCallDisposition(ctx, logId, { [field.const]: value });
          expect((await provider.getCallLog(ctx, logId)).dispositions).toMatchObject({
            [field.const]: value,
          });
        }
      },
    );

    when(!!createContact, 'the kit needs createContact for a contact to log against')(
      'creates a message log and appends to it',
      async () => {
        const target = await kitContact();
        const conversationId = String(randomInt(1e9, 1e10));
        const first = '- Kit message one\n';
        const { logId } = await provider.createMessageLog(ctx, {
          contactId: target.id,
          contactType: target.type,
          contactName: target.name,
          kind: 'sms',
          subject: `Kit SMS ${tag()}`,
          body: first,
          conversationId,
          conversationLogId: `${conversationId}-2024-05-01`,
          occurredAt: new Date(),
          additionalSubmission: {},
          idempotencyKey: `kit-${tag()}`,
        });
        expect(logId).toEqual(expect.any(String));
        const read = await provider.getMessageLog(ctx, logId);
        expect(read.body.trim()).toBe(first.trim());
        const appended = `${read.body}- Kit message two\n`;
        await provider.updateMessageLog(ctx, logId, { body: appended });
        expect((await provider.getMessageLog(ctx, logId)).body.trim()).toBe(appended.trim());
      },
    );

    const oauth = provider.auth.type === 'oauth' ? provider.auth.oauth : undefined;
    when(
      !options.skipLogout && (oauth ? !!oauth.revocationUrl : !!provider.logout),
      options.skipLogout
        ? 'skipLogout'
        : oauth
          ? 'no revocationUrl: the CRM cannot revoke tokens'
          : 'no logout operation: the CRM cannot revoke API keys',
    )('logout invalidates the credentials', async () => {
      // What crm-bridge's logout does at the CRM: RFC 7009 for OAuth, the provider's logout else.
      if (oauth) {
        const { accessToken, refreshToken } = connection.credentials;
        const via = {
          policy: standaloneCrmCallPolicy(),
          deadline: Date.now() + 25000,
          crm: provider.displayName,
        };
        if (refreshToken) {
          expect(await revokeToken(oauth, refreshToken, 'refresh_token', via)).toBe(true);
        }
        expect(await revokeToken(oauth, accessToken!, 'access_token', via)).toBe(true);
      } else {
        await provider.logout!(ctx);
      }
      const after = await provider.getUserInfo(ctx).catch((error: unknown) => error);
      expect(isCrmError(after) ? after.code : after).toMatch(/^(AUTH_EXPIRED|SESSION_REVOKED)$/);
    });
  });
}
