import { CrmError } from '../../crm/crm-error.js';
import type {
  CallLogUpdate,
  CallLogWrite,
  CrmAuthDeclaration,
  CrmCallLog,
  CrmContact,
  CrmContext,
  CrmMessageLog,
  CrmProvider,
  CrmUserInfo,
  DispositionValue,
  LogFormat,
  LogFormField,
  MessageLogUpdate,
  MessageLogWrite,
  NewContact,
  PlatformManifestExtras,
} from '../../crm/crm-provider.interface.js';
import { searchPhoneVariants, type PhoneQuery } from '../../crm/phone/index.js';
import type {
  ContactFields,
  DeclarativeDefinition,
  RequestTemplate,
} from './declarative-definition.js';
import type { ResolvedDefinition } from './declarative-loader.js';
import { renderRequest } from './request-renderer.js';
import { mapText, mapValue, readPath } from './response-mapping.js';
import { template } from './template-cache.js';
import { renderTemplate } from './template.js';

const HOSTNAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * A CRM bound by a JSON file (src/providers/declarative, docs/providers.md): each operation fills
 * in the file's request template, sends it through the context's CrmHttpClient (so credentials,
 * refresh, time budget and error codes are the core's), and reads the answer through the file's
 * response mappings. Optional operations exist only when the file declares them.
 */
export class DeclarativeProvider implements CrmProvider {
  readonly platform: string;
  readonly displayName: string;
  readonly auth: CrmAuthDeclaration;
  readonly logFormat: LogFormat;
  readonly contactTypes?: { display: string; value: string }[];
  readonly manifest?: PlatformManifestExtras;
  readonly urlIdentifier?: string;
  readonly logFormFields?: { callLog?: LogFormField[]; messageLog?: LogFormField[] };
  /** The file's allowedHostnames (a hostname-dependent baseUrl); else the host of its baseUrl. */
  readonly allowedHosts?: readonly string[];

  readonly createContact?: (ctx: CrmContext, contact: NewContact) => Promise<CrmContact>;
  readonly findContactsByName?: (ctx: CrmContext, name: string) => Promise<CrmContact[]>;
  readonly upsertCallDisposition?: (
    ctx: CrmContext,
    logId: string,
    dispositions: Record<string, DispositionValue>,
  ) => Promise<void>;
  readonly logout?: (ctx: CrmContext) => Promise<void>;

  private readonly definition: DeclarativeDefinition;
  private readonly env: Readonly<Record<string, string>>;
  private readonly callLogFieldConsts: ReadonlySet<string>;

  constructor(resolved: ResolvedDefinition) {
    const { definition } = resolved;
    this.definition = definition;
    this.env = resolved.env;
    this.platform = definition.platform;
    this.displayName = definition.displayName;
    this.auth = resolved.auth;
    this.logFormat = definition.logFormat ?? 'text/plain';
    this.contactTypes = definition.contactTypes;
    this.manifest = definition.manifest;
    if (definition.urlIdentifier !== undefined) {
      this.urlIdentifier = String(
        renderTemplate(template(definition.urlIdentifier), { env: this.env }),
      );
    }
    this.logFormFields = definition.logFormFields;
    this.allowedHosts = this.hostPatterns(definition);
    this.callLogFieldConsts = new Set(definition.logFormFields?.callLog?.map((f) => f.const));

    const { operations } = definition;
    if (operations.createContact) this.createContact = (ctx, c) => this.doCreateContact(ctx, c);
    if (operations.findContactsByName) {
      this.findContactsByName = (ctx, name) => this.doFindContactsByName(ctx, name);
    }
    if (operations.upsertCallDisposition) {
      const request = operations.upsertCallDisposition.request;
      this.upsertCallDisposition = async (ctx, logId, dispositions) => {
        await this.send(ctx, 'upsertCallDisposition', request, {
          logId,
          dispositions: this.declaredDispositions(dispositions),
        });
      };
    }
    if (operations.logout) {
      const request = operations.logout.request;
      this.logout = async (ctx) => {
        await this.send(ctx, 'logout', request, {});
      };
    }
  }

  /** allowedHostnames as host patterns, with the base URL's own port when it names one. */
  private hostPatterns(definition: DeclarativeDefinition): string[] | undefined {
    if (!definition.allowedHostnames) return undefined;
    const sample = renderTemplate(template(definition.baseUrl), {
      hostname: 'host.invalid',
      env: this.env,
    });
    let port = '';
    try {
      port = new URL(String(sample)).port;
    } catch {
      port = '';
    }
    return definition.allowedHostnames.map((name) => (port ? `${name}:${port}` : name));
  }

  /** The base URL for a user's CRM host; a hostname-dependent one only for allowed hosts. */
  apiBaseUrl(hostname: string): string {
    const baseUrl = template(this.definition.baseUrl);
    const host = hostname.trim().toLowerCase();
    const dependsOnHost = baseUrl.some(
      (part) => typeof part !== 'string' && part.path[0] === 'hostname',
    );
    if (dependsOnHost && !this.isAllowedHost(host)) {
      throw new CrmError('INVALID_INPUT', `${this.platform}: hostname is not an allowed CRM host`, {
        crm: this.displayName,
        safeMessage: `${hostname || 'An empty hostname'} is not a known ${this.displayName} address.`,
      });
    }
    return String(renderTemplate(baseUrl, { hostname: host, env: this.env })).replace(/\/+$/, '');
  }

  async getUserInfo(ctx: CrmContext): Promise<CrmUserInfo> {
    const { request, response } = this.definition.operations.getUserInfo;
    const me = await this.send(ctx, 'getUserInfo', request, {});
    return {
      id: this.required(me, response.id, 'getUserInfo'),
      name: mapText(me, response.name) ?? '',
      timezone: mapText(me, response.timezone),
    };
  }

  findContactsByPhone(ctx: CrmContext, query: PhoneQuery): Promise<CrmContact[]> {
    const operation = this.definition.operations.findContactsByPhone;
    return searchPhoneVariants(
      query,
      async (phone, variant) => {
        const answer = await this.send(ctx, 'findContactsByPhone', operation.request, {
          phone,
          variant,
          query: {
            e164: query.e164,
            national: query.national,
            international: query.international,
            digits: query.digits,
            nationalDigits: query.nationalDigits,
            nationalNumber: query.nationalNumber,
            countryCallingCode: query.countryCallingCode,
            raw: query.raw,
          },
        });
        return this.contactList(answer, operation.response, 'findContactsByPhone');
      },
      {
        idOf: (contact) => contact.id,
        variants: operation.variants,
        stop: operation.stop ?? 'all',
        maxSearches: operation.maxSearches,
      },
    );
  }

  async createCallLog(ctx: CrmContext, log: CallLogWrite): Promise<{ logId: string }> {
    const { request, response } = this.definition.operations.createCallLog;
    const created = await this.send(ctx, 'createCallLog', request, {
      idempotencyKey: log.idempotencyKey,
      call: {
        ...log,
        startTime: log.startTime.toISOString(),
        startTimeMs: log.startTime.getTime(),
        dispositions: this.declaredDispositions(log.additionalSubmission),
      },
    });
    return { logId: this.required(created, response.id, 'createCallLog') };
  }

  async getCallLog(ctx: CrmContext, logId: string): Promise<CrmCallLog> {
    const { request, response } = this.definition.operations.getCallLog;
    const answer = await this.send(ctx, 'getCallLog', request, { logId });
    const record = response.item ? readPath(answer, response.item) : answer;
    const dispositions: Record<string, DispositionValue> = {};
    for (const [field, mapping] of Object.entries(response.dispositions ?? {})) {
      const value = mapValue(record, mapping);
      if (['string', 'number', 'boolean'].includes(typeof value)) {
        dispositions[field] = value as DispositionValue;
      }
    }
    return {
      id: logId,
      subject: mapText(record, response.subject) ?? '',
      body: mapText(record, response.body) ?? '',
      contactId: mapText(record, response.contactId),
      dispositions,
    };
  }

  async updateCallLog(ctx: CrmContext, logId: string, update: CallLogUpdate): Promise<void> {
    const { request } = this.definition.operations.updateCallLog;
    await this.send(ctx, 'updateCallLog', request, { logId, update });
  }

  async createMessageLog(ctx: CrmContext, log: MessageLogWrite): Promise<{ logId: string }> {
    const { request, response } = this.definition.operations.createMessageLog;
    const created = await this.send(ctx, 'createMessageLog', request, {
      idempotencyKey: log.idempotencyKey,
      message: {
        ...log,
        occurredAt: log.occurredAt.toISOString(),
        occurredAtMs: log.occurredAt.getTime(),
      },
    });
    return { logId: this.required(created, response.id, 'createMessageLog') };
  }

  async getMessageLog(ctx: CrmContext, logId: string): Promise<CrmMessageLog> {
    const { request, response } = this.definition.operations.getMessageLog;
    const answer = await this.send(ctx, 'getMessageLog', request, { logId });
    const record = response.item ? readPath(answer, response.item) : answer;
    return {
      id: logId,
      subject: mapText(record, response.subject) ?? '',
      body: mapText(record, response.body) ?? '',
      contactId: mapText(record, response.contactId),
    };
  }

  async updateMessageLog(ctx: CrmContext, logId: string, update: MessageLogUpdate): Promise<void> {
    const { request } = this.definition.operations.updateMessageLog;
    await this.send(ctx, 'updateMessageLog', request, { logId, update });
  }

  private async doFindContactsByName(ctx: CrmContext, name: string): Promise<CrmContact[]> {
    const operation = this.definition.operations.findContactsByName!;
    const answer = await this.send(ctx, 'findContactsByName', operation.request, { name });
    return this.contactList(answer, operation.response, 'findContactsByName');
  }

  private async doCreateContact(ctx: CrmContext, contact: NewContact): Promise<CrmContact> {
    const operation = this.definition.operations.createContact!;
    const answer = await this.send(ctx, 'createContact', operation.request, { contact });
    const item = operation.response?.item;
    const record = item ? readPath(answer, item) : answer;
    const created = this.toContact(record, operation.response?.contact, 'createContact');
    // CRMs often answer a create with little more than the id.
    return {
      ...created,
      name: created.name || contact.name,
      type: created.type ?? contact.type,
      phone: created.phone ?? contact.phoneNumber,
    };
  }

  private contactList(
    answer: unknown,
    response: { list: string; contact?: ContactFields },
    operation: string,
  ): CrmContact[] {
    const list = readPath(answer, response.list);
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) throw this.shapeError(operation, `no list at ${response.list}`);
    return list.map((record) => this.toContact(record, response.contact, operation));
  }

  private toContact(
    record: unknown,
    fields: ContactFields | undefined,
    operation: string,
  ): CrmContact {
    const mapping = (fields ?? this.definition.contactFields)!;
    return {
      id: this.required(record, mapping.id, operation),
      name: mapText(record, mapping.name) ?? '',
      type: mapText(record, mapping.type),
      phone: mapText(record, mapping.phone),
      title: mapText(record, mapping.title),
      company: mapText(record, mapping.company),
      email: mapText(record, mapping.email),
      createdDate: mapText(record, mapping.createdDate),
      mostRecentActivityDate: mapText(record, mapping.mostRecentActivityDate),
      additionalInfo: {},
    };
  }

  /** The declared call-log form values among `values` (others are not the CRM's to store). */
  private declaredDispositions(values: Record<string, unknown>): Record<string, DispositionValue> {
    return Object.fromEntries(
      Object.entries(values).filter(
        (entry): entry is [string, DispositionValue] =>
          this.callLogFieldConsts.has(entry[0]) &&
          ['string', 'number', 'boolean'].includes(typeof entry[1]),
      ),
    );
  }

  private send(
    ctx: CrmContext,
    operation: string,
    request: RequestTemplate,
    scope: Record<string, unknown>,
  ): Promise<unknown> {
    const user = ctx.user && {
      id: ctx.user.id,
      crmUserId: ctx.user.crmUserId,
      name: ctx.user.name,
      hostname: ctx.user.hostname,
      timezone: ctx.user.timezone ?? undefined,
    };
    return ctx.http.request<unknown>(
      renderRequest(
        request,
        { ...scope, hostname: ctx.hostname, user, env: this.env },
        this.definition.headers,
        operation,
      ),
    );
  }

  private required(record: unknown, mapping: string, operation: string): string {
    const value = mapText(record, mapping);
    if (value === undefined) throw this.shapeError(operation, `no value at ${mapping}`);
    return value;
  }

  /** The CRM answered, but not in the declared shape (names the mapping, never the payload). */
  private shapeError(operation: string, what: string): CrmError {
    return new CrmError('UNAVAILABLE', `${this.displayName} ${operation}: the answer has ${what}`, {
      operation,
      crm: this.displayName,
    });
  }

  private isAllowedHost(host: string): boolean {
    if (!HOSTNAME.test(host)) return false;
    return (this.definition.allowedHostnames ?? []).some((pattern) =>
      pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern,
    );
  }
}
