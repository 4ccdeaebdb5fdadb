import { CrmError, isCrmError } from '../../crm/crm-error.js';
import type { CrmRequest, CrmResponse } from '../../crm/crm-http-client.js';
import { DEFAULT_MAX_PAGES, nextLink, readPages } from '../../crm/crm-pagination.js';
import { dateIn, fromCrmTime, toCrmTime, type CrmTimeFormat } from '../../crm/crm-time.js';
import type {
  CallLogUpdate,
  CallLogWrite,
  CrmCallLog,
  CrmMessageLog,
  DispositionValue,
  LogFormat,
  LogFormField,
  MessageLogUpdate,
  MessageLogWrite,
} from '../../crm/crm-activity.types.js';
import type {
  AppointmentChanges,
  AppointmentRange,
  CrmAppointment,
  NewAppointment,
} from '../../crm/crm-appointment.types.js';
import type { CrmAccountDataDeclaration } from '../../crm/crm-account-data.types.js';
import type {
  CrmAuthDeclaration,
  CrmDirectoryUser,
  CrmUserInfo,
} from '../../crm/crm-auth.types.js';
import type { CrmContact, NewContact } from '../../crm/crm-contact.types.js';
import type { CrmContext } from '../../crm/crm-context.js';
import type { CrmProvider, PlatformManifestExtras } from '../../crm/crm-provider.js';
import {
  keepPhoneMatches,
  parsePhoneQuery,
  searchPhoneVariants,
  type PhoneQuery,
} from '../../crm/phone/index.js';
import type {
  AccountDataOperation,
  AppointmentFields,
  AppointmentOperation,
  ContactFields,
  ContactListResponse,
  CreateOperation,
  DeclarativeDefinition,
  FieldMapping,
  ListResponse,
  Pagination,
  PhoneFilter,
  RequestTemplate,
  TimeMapping,
  UpdateOperation,
} from './declarative-definition.js';
import type { ResolvedDefinition } from './declarative-loader.js';
import { renderRequest } from './request-renderer.js';
import { mapText, mapValue, readPath, type MappingScope } from './response-mapping.js';
import { template } from './template-cache.js';
import { renderTemplate } from './template.js';

const HOSTNAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * A CRM bound by a JSON file (docs/providers.md): requests go through the context's CrmHttpClient,
 * so credentials, refresh, time budget and error codes stay the core's.
 */
export class DeclarativeProvider implements CrmProvider {
  readonly platform: string;
  readonly displayName: string;
  readonly source: string;
  readonly auth: CrmAuthDeclaration;
  readonly logFormat: LogFormat;
  readonly contactTypes?: { display: string; value: string }[];
  readonly manifest?: PlatformManifestExtras;
  readonly urlIdentifier?: string;
  readonly logFormFields?: { callLog?: LogFormField[]; messageLog?: LogFormField[] };
  readonly allowedHosts?: readonly string[];
  readonly accountData?: CrmAccountDataDeclaration;

  readonly loadAccountData?: (ctx: CrmContext, key: string) => Promise<unknown>;
  readonly getUserList?: (ctx: CrmContext) => Promise<CrmDirectoryUser[]>;
  readonly createContact?: (ctx: CrmContext, contact: NewContact) => Promise<CrmContact>;
  readonly findContactsByName?: (ctx: CrmContext, name: string) => Promise<CrmContact[]>;
  readonly upsertCallDisposition?: (
    ctx: CrmContext,
    logId: string,
    dispositions: Record<string, DispositionValue>,
  ) => Promise<void>;
  readonly logout?: (ctx: CrmContext) => Promise<void>;
  // Set by bindAppointments when the file declares them.
  listAppointments?: (ctx: CrmContext, range?: AppointmentRange) => Promise<CrmAppointment[]>;
  createAppointment?: (ctx: CrmContext, appointment: NewAppointment) => Promise<CrmAppointment>;
  updateAppointment?: (
    ctx: CrmContext,
    appointmentId: string,
    changes: AppointmentChanges,
  ) => Promise<CrmAppointment>;
  refreshAppointment?: (ctx: CrmContext, appointmentId: string) => Promise<CrmAppointment>;
  confirmAppointment?: (ctx: CrmContext, appointmentId: string) => Promise<CrmAppointment>;
  cancelAppointment?: (ctx: CrmContext, appointmentId: string) => Promise<CrmAppointment>;

  private readonly definition: DeclarativeDefinition;
  private readonly env: Readonly<Record<string, string>>;

  constructor(resolved: ResolvedDefinition) {
    const { definition } = resolved;
    this.definition = definition;
    this.env = resolved.env;
    this.platform = definition.platform;
    this.source = resolved.source;
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

    const { operations } = definition;
    if (operations.createContact) this.createContact = (ctx, c) => this.doCreateContact(ctx, c);
    if (operations.findContactsByName) {
      this.findContactsByName = (ctx, name) => this.doFindContactsByName(ctx, name);
    }
    if (operations.upsertCallDisposition) {
      const operation = operations.upsertCallDisposition;
      this.upsertCallDisposition = async (ctx, logId, dispositions) => {
        await this.update(ctx, 'upsertCallDisposition', operation, 'getCallLog', {
          logId,
          dispositions,
        });
      };
    }
    if (operations.logout) {
      const request = operations.logout.request;
      this.logout = async (ctx) => {
        await this.send(ctx, 'logout', request, {});
      };
    }
    this.bindAppointments(definition);
    const userList = operations.getUserList;
    if (userList) {
      this.getUserList = async (ctx) => {
        const { request, response } = userList;
        const records = await this.listRecords(ctx, 'getUserList', request, {}, response);
        return records.map((record) => ({
          id: this.required(record, response.user.id, 'getUserList'),
          name: mapText(record, response.user.name) ?? '',
          ...(response.user.email && { email: mapText(record, response.user.email) }),
        }));
      };
    }
    if (definition.accountData) {
      const { keys, ttlSeconds, sharedBy } = definition.accountData;
      this.accountData = {
        keys: Object.keys(keys),
        ...(ttlSeconds !== undefined && { ttlSeconds }),
        ...(sharedBy !== undefined && { sharedBy }),
      };
      this.loadAccountData = (ctx, key) => this.doLoadAccountData(ctx, key);
    }
  }

  /** The appointment operations the file declares, each answering the record it maps. */
  private bindAppointments({ operations }: DeclarativeDefinition): void {
    const list = operations.listAppointments;
    if (list) {
      this.listAppointments = async (ctx, range) => {
        const answer = await this.send(ctx, 'listAppointments', list.request, { range });
        return this.records(answer, list.response.list, 'listAppointments').map((record) =>
          this.toAppointment(record, list.response.appointment, 'listAppointments', ctx),
        );
      };
    }
    const one = (name: AppointmentOperationName, scope: Record<string, unknown>, ctx: CrmContext) =>
      this.oneAppointment(ctx, name, operations[name]!, scope);
    if (operations.createAppointment) {
      this.createAppointment = (ctx, appointment) =>
        one('createAppointment', { appointment: appointmentScope(appointment) }, ctx);
    }
    if (operations.updateAppointment) {
      this.updateAppointment = (ctx, appointmentId, changes) =>
        one('updateAppointment', { appointmentId, changes: appointmentScope(changes) }, ctx);
    }
    if (operations.refreshAppointment) {
      this.refreshAppointment = (ctx, id) => one('refreshAppointment', { appointmentId: id }, ctx);
    }
    if (operations.confirmAppointment) {
      this.confirmAppointment = (ctx, id) => one('confirmAppointment', { appointmentId: id }, ctx);
    }
    if (operations.cancelAppointment) {
      this.cancelAppointment = (ctx, id) => one('cancelAppointment', { appointmentId: id }, ctx);
    }
  }

  /** allowedHostnames as host patterns, with the base URL's port when it names one. */
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
      (phone, variant) =>
        this.contactList(
          ctx,
          'findContactsByPhone',
          operation.request,
          {
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
              country: query.country,
              raw: query.raw,
            },
          },
          operation.response,
          { query },
          operation.filter,
        ),
      {
        idOf: (contact) => contact.id,
        variants: operation.variants,
        stop: operation.stop ?? 'all',
        maxSearches: operation.maxSearches,
      },
    );
  }

  async createCallLog(ctx: CrmContext, log: CallLogWrite): Promise<{ logId: string }> {
    const operation = this.definition.operations.createCallLog;
    const logId = await this.create(ctx, 'createCallLog', operation, {
      idempotencyKey: log.idempotencyKey,
      call: {
        ...log,
        ...this.times('startTime', log.startTime, ctx),
        startDate: dateIn(log.startTime, ctx.user?.timezone),
      },
    });
    return { logId };
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
      startTime: this.readTime(record, response.startTime, ctx),
      dispositions,
    };
  }

  async updateCallLog(ctx: CrmContext, logId: string, update: CallLogUpdate): Promise<void> {
    const operation = this.definition.operations.updateCallLog;
    await this.update(ctx, 'updateCallLog', operation, 'getCallLog', { logId, update });
  }

  async createMessageLog(ctx: CrmContext, log: MessageLogWrite): Promise<{ logId: string }> {
    const operation = this.definition.operations.createMessageLog;
    const logId = await this.create(ctx, 'createMessageLog', operation, {
      idempotencyKey: log.idempotencyKey,
      message: {
        ...log,
        ...this.times('occurredAt', log.occurredAt, ctx),
        occurredDate: dateIn(log.occurredAt, ctx.user?.timezone),
      },
    });
    return { logId };
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
      occurredAt: this.readTime(record, response.occurredAt, ctx),
    };
  }

  async updateMessageLog(ctx: CrmContext, logId: string, update: MessageLogUpdate): Promise<void> {
    const operation = this.definition.operations.updateMessageLog;
    await this.update(ctx, 'updateMessageLog', operation, 'getMessageLog', { logId, update });
  }

  private async doFindContactsByName(ctx: CrmContext, name: string): Promise<CrmContact[]> {
    const operation = this.definition.operations.findContactsByName!;
    return this.contactList(
      ctx,
      'findContactsByName',
      operation.request,
      { name },
      operation.response,
    );
  }

  private async doCreateContact(ctx: CrmContext, contact: NewContact): Promise<CrmContact> {
    const operation = this.definition.operations.createContact!;
    const answer = await this.send(ctx, 'createContact', operation.request, {
      contact: { ...contact, country: countryOf(contact.phoneNumber) },
    });
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

  /** A declared key's records (every page) as `{const, title}` options. */
  private async doLoadAccountData(ctx: CrmContext, key: string): Promise<unknown> {
    const keys = this.definition.accountData?.keys ?? {};
    const operation: AccountDataOperation | undefined = Object.hasOwn(keys, key)
      ? keys[key]
      : undefined;
    if (!operation) {
      throw new CrmError('INVALID_INPUT', `${this.platform}: no account data key ${key}`, {
        crm: this.displayName,
      });
    }
    const { request, response } = operation;
    const records = await this.listRecords(ctx, 'loadAccountData', request, {}, response);
    return records.map((record) => ({
      const: this.required(record, response.option.const, 'loadAccountData'),
      title: mapText(record, response.option.title) ?? '',
    }));
  }

  /** A list operation's records as contacts: every page, those without the searched number dropped. */
  private async contactList(
    ctx: CrmContext,
    operation: string,
    request: RequestTemplate,
    scope: Record<string, unknown>,
    response: ContactListResponse,
    mapping: MappingScope = {},
    filter?: PhoneFilter,
  ): Promise<CrmContact[]> {
    let records = await this.listRecords(ctx, operation, request, scope, response);
    if (filter && mapping.query) records = this.withNumber(records, filter, mapping.query);
    return records.map((record) => this.toContact(record, response.contact, operation, mapping));
  }

  private async listRecords(
    ctx: CrmContext,
    operation: string,
    request: RequestTemplate,
    scope: Record<string, unknown>,
    response: ListResponse,
  ): Promise<unknown[]> {
    const pagination = response.pagination;
    const first = this.render(ctx, operation, request, scope);
    if (!pagination) return this.records(await this.call(ctx, first), response.list, operation);
    const pages = await readPages<unknown, string | number>(async (position) => {
      const page: CrmRequest = { ...first, query: { ...first.query } };
      if (position !== undefined) {
        if (pagination.type === 'link') page.path = String(position);
        if (pagination.type === 'link') page.query = {};
        else page.query![pagination.param] = position;
      } else if (pagination.type === 'page') {
        page.query![pagination.param] = pagination.first ?? 1;
      }
      const answer = await ctx.http.exchange<unknown>(page).catch((error) => {
        throw this.withCrmText(error);
      });
      const items = this.records(answer.body, response.list, operation);
      const full =
        !('pageSize' in pagination) || !pagination.pageSize || items.length >= pagination.pageSize;
      return {
        items,
        next: full ? this.nextPage(ctx, operation, pagination, answer, position, items) : undefined,
      };
    }, pagination.maxPages ?? DEFAULT_MAX_PAGES);
    return pages.items;
  }

  private nextPage(
    ctx: CrmContext,
    operation: string,
    pagination: Pagination,
    answer: CrmResponse<unknown>,
    position: string | number | undefined,
    items: unknown[],
  ): string | number | undefined {
    switch (pagination.type) {
      case 'cursor': {
        const cursor = readPath(answer.body, pagination.next);
        return typeof cursor === 'string' || typeof cursor === 'number' ? cursor : undefined;
      }
      case 'page':
        return Number(position ?? pagination.first ?? 1) + 1;
      case 'offset':
        return Number(position ?? 0) + items.length;
      case 'link': {
        const url = nextLink(answer.headers.link);
        if (url === undefined) return undefined;
        const path = ctx.http.pathOf(url);
        if (path === undefined)
          throw this.shapeError(operation, 'a next-page link off its base URL');
        return path;
      }
    }
  }

  private records(answer: unknown, list: string, operation: string): unknown[] {
    const records = readPath(answer, list);
    if (records === undefined || records === null) return [];
    if (!Array.isArray(records)) throw this.shapeError(operation, `no list at ${list}`);
    return records;
  }

  private withNumber(records: unknown[], filter: PhoneFilter, query: PhoneQuery): unknown[] {
    return keepPhoneMatches(
      records,
      (record) => {
        if (filter.list === undefined) return [readPath(record, filter.value)];
        const list = readPath(record, filter.list);
        return Array.isArray(list) ? list.map((item) => readPath(item, filter.value)) : [];
      },
      query,
      (record) => (filter.country === undefined ? undefined : readPath(record, filter.country)),
    );
  }

  private toContact(
    record: unknown,
    fields: ContactFields | undefined,
    operation: string,
    scope: MappingScope = {},
  ): CrmContact {
    const mapping = (fields ?? this.definition.contactFields)!;
    const text = (field: FieldMapping | undefined) => mapText(record, field, scope);
    return {
      id: this.required(record, mapping.id, operation),
      name: text(mapping.name) ?? '',
      type: text(mapping.type),
      phone: text(mapping.phone),
      title: text(mapping.title),
      company: text(mapping.company),
      email: text(mapping.email),
      createdDate: text(mapping.createdDate),
      mostRecentActivityDate: text(mapping.mostRecentActivityDate),
      additionalInfo: {},
    };
  }

  private async oneAppointment(
    ctx: CrmContext,
    name: AppointmentOperationName,
    { request, response }: AppointmentOperation,
    scope: Record<string, unknown>,
  ): Promise<CrmAppointment> {
    const answer = await this.send(ctx, name, request, scope);
    const record = response?.item ? readPath(answer, response.item) : answer;
    return this.toAppointment(record, response?.appointment, name, ctx);
  }

  private toAppointment(
    record: unknown,
    fields: AppointmentFields | undefined,
    operation: string,
    ctx: CrmContext,
  ): CrmAppointment {
    const mapping = (fields ?? this.definition.appointmentFields)!;
    const text = (field: FieldMapping | undefined) => mapText(record, field);
    const start = this.readTime(record, mapping.startTime, ctx);
    if (!start) throw this.shapeError(operation, `no start time at ${mapping.startTime.path}`);
    const duration = mapping.durationMinutes && Number(mapValue(record, mapping.durationMinutes));
    return {
      id: this.required(record, mapping.id, operation),
      title: text(mapping.title) ?? '',
      description: text(mapping.description) ?? '',
      startTimeUtc: start.toISOString(),
      durationMinutes: duration && Number.isFinite(duration) && duration > 0 ? duration : 0,
      status: text(mapping.status) ?? '',
      contactId: text(mapping.contactId),
      contactType: text(mapping.contactType),
    };
  }

  /** A create; a conflict answer naming the existing record (the CRM's idempotency) is its id. */
  private async create(
    ctx: CrmContext,
    operation: 'createCallLog' | 'createMessageLog',
    { request, response }: CreateOperation,
    scope: Record<string, unknown>,
  ): Promise<string> {
    const { conflict } = response;
    // A repeat is answered with the existing record: resending is safe.
    const rendered = {
      ...this.render(ctx, operation, request, scope),
      retrySafe: !!conflict || undefined,
    };
    try {
      return this.required(await this.call(ctx, rendered), response.id, operation);
    } catch (error) {
      if (!(conflict && isCrmError(error) && error.status === (conflict.status ?? 409)))
        throw error;
      const existing = mapText(error.body, conflict.id);
      if (existing === undefined) throw error;
      return existing;
    }
  }

  /** An update; with fullRecord, the record read by `get` with the rendered body laid over it. */
  private async update(
    ctx: CrmContext,
    operation: string,
    { request, fullRecord }: UpdateOperation,
    get: 'getCallLog' | 'getMessageLog',
    scope: Record<string, unknown> & { logId: string },
  ): Promise<void> {
    if (!fullRecord) {
      await this.send(ctx, operation, request, scope);
      return;
    }
    const reader = this.definition.operations[get];
    const answer = await this.send(ctx, get, reader.request, { logId: scope.logId });
    const current = reader.response.item ? readPath(answer, reader.response.item) : answer;
    if (!current || typeof current !== 'object' || Array.isArray(current)) {
      throw this.shapeError(get, 'no record to send back whole');
    }
    const omit = new Set(fullRecord === true ? [] : (fullRecord.omit ?? []));
    const rendered = this.render(ctx, operation, request, { ...scope, current });
    const fields = rendered.body && typeof rendered.body === 'object' ? rendered.body : {};
    const kept = Object.entries(current).filter(([field]) => !omit.has(field));
    await this.call(ctx, { ...rendered, body: { ...Object.fromEntries(kept), ...fields } });
  }

  private times(name: string, time: Date, ctx: CrmContext): Record<string, unknown> {
    const zone = ctx.user?.timezone;
    const formats: [string, CrmTimeFormat][] = [
      ['', 'iso'],
      ['Ms', 'unixMs'],
      ['Seconds', 'unixSeconds'],
    ];
    return Object.fromEntries(
      formats.map(([suffix, format]) => [name + suffix, toCrmTime(time, format, zone)]),
    );
  }

  private readTime(
    record: unknown,
    mapping: TimeMapping | undefined,
    ctx: CrmContext,
  ): Date | undefined {
    if (!mapping) return undefined;
    return fromCrmTime(readPath(record, mapping.path), mapping.format, ctx.user?.timezone);
  }

  private send(
    ctx: CrmContext,
    operation: string,
    request: RequestTemplate,
    scope: Record<string, unknown>,
  ): Promise<unknown> {
    return this.call(ctx, this.render(ctx, operation, request, scope));
  }

  private render(
    ctx: CrmContext,
    operation: string,
    request: RequestTemplate,
    scope: Record<string, unknown>,
  ): CrmRequest {
    const user = ctx.user && {
      id: ctx.user.id,
      crmUserId: ctx.user.crmUserId,
      name: ctx.user.name,
      hostname: ctx.user.hostname,
      timezone: ctx.user.timezone ?? undefined,
    };
    return renderRequest(
      request,
      { ...scope, hostname: ctx.hostname, user, env: this.env },
      this.definition.headers,
      operation,
    );
  }

  private async call(ctx: CrmContext, request: CrmRequest): Promise<unknown> {
    try {
      return await ctx.http.request<unknown>(request);
    } catch (error) {
      throw this.withCrmText(error);
    }
  }

  /** A CRM failure with the CRM's own text read where the file's errorMessage says it is. */
  private withCrmText(error: unknown): unknown {
    const path = this.definition.errorMessage;
    if (!path || !isCrmError(error) || error.body === undefined) return error;
    const text = readPath(error.body, path);
    return typeof text === 'string' ? error.withCrmMessage(text) : error;
  }

  private required(record: unknown, mapping: FieldMapping, operation: string): string {
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

type AppointmentOperationName =
  | 'createAppointment'
  | 'updateAppointment'
  | 'refreshAppointment'
  | 'confirmAppointment'
  | 'cancelAppointment';

/**
 * What an appointment's templates see: the start in UTC and as unix times, the end, the contact
 * ids alone; a field that does not change stays absent (so its property is left out).
 */
function appointmentScope(input: NewAppointment | AppointmentChanges): Record<string, unknown> {
  const start = input.startTimeUtc === undefined ? undefined : new Date(input.startTimeUtc);
  const ids = input.contacts?.map((contact) => contact.id);
  return {
    ...input,
    ...(start && {
      startTimeUtc: start.toISOString(),
      startTimeMs: start.getTime(),
      startTimeSeconds: Math.floor(start.getTime() / 1000),
      ...(input.durationMinutes !== undefined && {
        endTimeUtc: new Date(start.getTime() + input.durationMinutes * 60_000).toISOString(),
      }),
    }),
    ...(ids && { contactIds: ids, contactId: ids[0] }),
  };
}

/** The country of an E.164 number (for a new contact's country field); undefined otherwise. */
function countryOf(phoneNumber: string): string | undefined {
  try {
    return parsePhoneQuery(phoneNumber).country || undefined;
  } catch {
    return undefined;
  }
}
