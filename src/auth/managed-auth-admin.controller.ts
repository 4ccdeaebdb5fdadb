import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { AdminAccessService } from '../admin/admin-access.service.js';
import { AppError } from '../common/errors/app-error.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import type { ApiKeyAuth } from '../crm/crm-auth.types.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import { Public } from '../common/http/public.decorator.js';
import { ApiRcAccessToken, RcAccessToken } from '../ringcentral/rc-access-token.decorator.js';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { ManagedAuthOptionsDto, ManagedAuthOptionsQuery } from './dto/managed-auth-options.dto.js';
import { ConnectorQuery } from './dto/managed-auth-state.query.js';
import { ManagedAuthUpdateDto } from './dto/managed-auth-update.dto.js';
import { ManagedCredentialsService } from './managed-credentials.service.js';

type Scope = 'account' | 'user';

interface FieldDefinition {
  const: string;
  required: boolean;
  managed: true;
  managedScope: Scope;
  managedFieldType: 'input';
}

interface StoredFieldValue {
  hasValue: boolean;
  value: string;
}

/** GET /admin/managedAuth; `value` is always '' (the official server echoes secrets, we never do). */
export interface ManagedAuthAdminView {
  hasManagedAuth: boolean;
  fields: FieldDefinition[];
  orgFields: FieldDefinition[];
  userFields: FieldDefinition[];
  orgValues: Record<string, StoredFieldValue>;
  userValues: {
    rcExtensionId: string;
    rcUserName: string;
    fields: Record<string, StoredFieldValue>;
  }[];
}

const MAX_VALUE_LENGTH = 4096;

/** Login values an admin enters once for the account's API-key CRM (docs/client-contract.md, Admin). */
@Controller('admin/managedAuth')
export class ManagedAuthAdminController {
  constructor(
    private readonly access: AdminAccessService,
    private readonly registry: CrmRegistry,
    private readonly managed: ManagedCredentialsService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'getAdminManagedAuth',
    summary: 'Read admin-managed API-key credentials',
  })
  @ApiRcAccessToken()
  @ApiJsonOk('ManagedAuthAdminResponse')
  @ApiFailures(400, 403, 429, 500, 503)
  async get(
    @CurrentUser() user: UserEntity,
    @RcAccessToken() token: string | undefined,
    @Query() _query: ConnectorQuery,
  ): Promise<ManagedAuthAdminView> {
    const accountKey = await this.access.adminAccountKey(token);
    const auth = this.apiKeyAuth(user.platform);
    const stored = await this.managed.read(accountKey, user.platform);
    const orgFields = definitions(auth, 'account');
    return {
      hasManagedAuth: orgFields.length > 0,
      fields: orgFields,
      orgFields,
      userFields: definitions(auth, 'user'),
      orgValues: presence(auth, stored.org),
      userValues: Object.entries(stored.users).map(([rcExtensionId, entry]) => ({
        rcExtensionId,
        rcUserName: entry.name,
        fields: presence(auth, entry.fields),
      })),
    };
  }

  /** As the official server: a plain confirmation typed text/html. */
  @Post()
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({
    operationId: 'postAdminManagedAuth',
    summary: 'Save admin-managed API-key credentials',
  })
  @ApiRcAccessToken()
  @ApiResponse({
    status: 200,
    description: 'Saved',
    content: {
      'text/html': { schema: { type: 'string', example: 'Shared authentication updated' } },
    },
  })
  @ApiFailures(400, 403, 413, 429, 500, 503)
  async save(
    @CurrentUser() user: UserEntity,
    @RcAccessToken() token: string | undefined,
    @Body() body: ManagedAuthUpdateDto,
  ): Promise<string> {
    const accountKey = await this.access.adminAccountKey(token);
    if (body.scope === 'user' && !body.rcExtensionId) {
      throw AppError.invalidRequest('rcExtensionId is required for scope user');
    }
    const auth = this.apiKeyAuth(user.platform);
    const known = new Set(auth.page.content.map((field) => field.const));
    const { values, remove } = checkedValues(known, body.values ?? {});
    for (const key of body.fieldsToRemove ?? []) {
      if (!known.has(key)) throw AppError.invalidRequest(`fieldsToRemove: unknown field ${key}`);
      remove.push(key);
    }
    await this.managed.change(accountKey, user.platform, {
      extensionId: body.scope === 'user' ? body.rcExtensionId : undefined,
      userName: body.scope === 'user' ? body.rcUserName : undefined,
      values,
      remove,
    });
    return 'Shared authentication updated';
  }

  /**
   * Choices for a dynamic user field. No provider declares one (every managed field is typed
   * `input`), so a known field answers the official reply for a connector without
   * getManagedAuthOptions: no options.
   */
  @Post('options')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    operationId: 'postAdminManagedAuthOptions',
    summary: 'Load dynamic managed-auth options',
  })
  @ApiRcAccessToken()
  @ApiJsonOk('ManagedAuthOptionsResponse')
  @ApiFailures(400, 403, 413, 429, 500, 503)
  async options(
    @RcAccessToken() token: string | undefined,
    @Query() query: ManagedAuthOptionsQuery,
    @Body() body: ManagedAuthOptionsDto,
  ): Promise<{ value: string; label: string }[]> {
    await this.access.adminAccountKey(token);
    const auth = this.apiKeyAuth(query.platform);
    if (!auth.page.content.some((field) => field.const === body.fieldConst)) {
      throw AppError.invalidRequest(`fieldConst: unknown field ${body.fieldConst}`);
    }
    return [];
  }

  private apiKeyAuth(platform: string): ApiKeyAuth {
    const { auth } = this.registry.get(platform);
    if (auth.type !== 'apiKey') {
      throw AppError.invalidRequest(`platform ${platform} does not sign in with an API key`);
    }
    return auth;
  }
}

const definitions = (auth: ApiKeyAuth, managedScope: Scope): FieldDefinition[] =>
  auth.page.content.map((field) => ({
    const: field.const,
    required: field.required === true || field.const === 'apiKey',
    managed: true,
    managedScope,
    managedFieldType: 'input',
  }));

const presence = (auth: ApiKeyAuth, values: Record<string, string>) =>
  Object.fromEntries(
    auth.page.content.map((field) => [
      field.const,
      { hasValue: values[field.const] !== undefined, value: '' },
    ]),
  );

/** Only the platform's form fields, as text; an empty value removes the field. */
function checkedValues(known: Set<string>, input: Record<string, unknown>) {
  const values: Record<string, string> = {};
  const remove: string[] = [];
  for (const [key, raw] of Object.entries(input)) {
    if (!known.has(key)) throw AppError.invalidRequest(`values: unknown field ${key}`);
    const text =
      typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : null;
    if (text === null) throw AppError.invalidRequest(`values.${key} must be a string`);
    if (text.length > MAX_VALUE_LENGTH) {
      throw AppError.invalidRequest(`values.${key} must be at most ${MAX_VALUE_LENGTH} characters`);
    }
    if (text === '') remove.push(key);
    else values[key] = text;
  }
  return { values, remove };
}
