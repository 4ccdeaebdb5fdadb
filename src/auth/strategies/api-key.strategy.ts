import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { HttpRequest } from '../../common/http/http-types.js';
import { Strategy } from 'passport-custom';
import { AppError } from '../../common/errors/app-error.js';
import { returnMessage } from '../../common/envelope.js';
import { validateDto } from '../../common/validation/validate-dto.js';
import { CrmContextFactory } from '../../crm/crm-context.factory.js';
import { isCrmError } from '../../crm/crm-error.js';
import type { ApiKeyAuth, CrmUserInfo } from '../../crm/crm-auth.types.js';
import type { CrmProvider } from '../../crm/crm-provider.js';
import { HostRuleError } from '../../crm/hosts/client-host-rule.js';
import { CrmHostPolicy } from '../../crm/hosts/crm-host-policy.service.js';
import type { VerifiedLogin } from '../auth.service.js';
import { CrmRegistry } from '../../crm/crm-registry.service.js';
import { ApiKeyLoginDto } from '../dto/api-key-login.dto.js';
import { staticCredentials } from '../static-credentials.js';
import { ManagedLoginValues } from '../managed-login-values.service.js';
import { rcAccessTokenOf } from '../../ringcentral/rc-access-token.decorator.js';

/** `api-key`: the CRM user for the submitted key; rejected credentials are a 400, no CRM a 502. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  constructor(
    private readonly registry: CrmRegistry,
    private readonly contexts: CrmContextFactory,
    private readonly hosts: CrmHostPolicy,
    private readonly managed: ManagedLoginValues,
  ) {
    super();
  }

  async validate(req: HttpRequest): Promise<VerifiedLogin> {
    const body = await validateDto(ApiKeyLoginDto, req.body);
    const provider = this.registry.get(body.platform);
    if (provider.auth.type !== 'apiKey') {
      throw AppError.invalidRequest(
        `platform ${provider.platform} does not sign in with an API key`,
      );
    }
    const { apiKey, extra, rcAccountKey } = await this.fields(req, provider, provider.auth, body);
    const hostname = await this.checkHosts(provider, provider.auth, body.hostname, extra);
    const ctx = this.contexts.create(provider, { hostname }, staticCredentials({ apiKey }));
    let crmUser: CrmUserInfo;
    try {
      crmUser = await provider.getUserInfo(ctx);
    } catch (error) {
      if (!isCrmError(error)) throw error;
      if (error.code === 'BUSY') {
        throw new AppError(
          'LOGIN_UNAVAILABLE',
          'The server is busy. Please try again in a few seconds.',
        );
      }
      if (error.code === 'UNAVAILABLE' || error.code === 'RATE_LIMITED') {
        throw new AppError(
          'LOGIN_UNAVAILABLE',
          `${provider.displayName} could not be reached. Please try again later.`,
        );
      }
      throw new AppError(
        'LOGIN_REJECTED',
        `Invalid API key. ${provider.displayName} did not accept the credentials.`,
      );
    }
    return { provider, hostname, crmUser, credentials: { apiKey, extra }, rcAccountKey };
  }

  /** The submitted fields; with a RingCentral token, the account's managed values fill the gaps. */
  private async fields(
    req: HttpRequest,
    provider: CrmProvider,
    auth: ApiKeyAuth,
    body: ApiKeyLoginDto,
  ) {
    const own = collectFields(auth, body);
    const token = own.missing.length > 0 ? rcAccessTokenOf(req) : undefined;
    if (!token) return { ...checked(own), rcAccountKey: undefined };
    const managed = await this.managed.forToken(token, provider.platform);
    return {
      ...checked(collectFields(auth, body, managed.values)),
      rcAccountKey: managed.accountKey,
    };
  }

  private async checkHosts(
    provider: CrmProvider,
    auth: ApiKeyAuth,
    hostname: string | undefined,
    extra: Record<string, string>,
  ): Promise<string> {
    try {
      for (const field of auth.urlFields ?? []) {
        if (extra[field] !== undefined) await this.hosts.clientUrl(provider, extra[field], field);
      }
      return await this.hosts.clientHostname(provider, hostname);
    } catch (error) {
      if (error instanceof HostRuleError) throw AppError.invalidRequest(error.message);
      throw error;
    }
  }
}

function collectFields(
  auth: ApiKeyAuth,
  body: ApiKeyLoginDto,
  managed: Record<string, string> = {},
) {
  const info = body.additionalInfo ?? {};
  const missing: string[] = [];
  const extra: Record<string, string> = {};
  let apiKey = '';
  for (const field of auth.page.content) {
    if (field.const === 'apiKey') {
      // Without an apiKey field on the form the client sends the literal "apiKey".
      apiKey = (body.apiKey ?? (typeof info.apiKey === 'string' ? info.apiKey : '')).trim();
      if ((apiKey === '' || apiKey === 'apiKey') && managed.apiKey) apiKey = managed.apiKey;
      if (field.required !== false && (apiKey === '' || apiKey === 'apiKey'))
        missing.push('apiKey');
      continue;
    }
    const value = info[field.const];
    const text =
      (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '') ||
      (managed[field.const] ?? '');
    if (text !== '') extra[field.const] = text;
    else if (field.required) missing.push(field.const);
  }
  return { apiKey, extra, missing };
}

function checked({ apiKey, extra, missing }: ReturnType<typeof collectFields>) {
  if (missing.length > 0) {
    throw new AppError('LOGIN_FIELDS_MISSING', 'Missing required authentication fields.', {
      ...returnMessage('Missing required authentication fields.', 'warning', 5000),
      missingRequiredFieldConsts: missing,
    });
  }
  // Such characters cannot travel in a header or URL: they would read as "CRM unreachable".
  if (!/^[\x20-\x7e]*$/.test(apiKey)) {
    throw new AppError(
      'LOGIN_REJECTED',
      'Invalid API key. It contains characters an API key cannot have.',
    );
  }
  return { apiKey, extra };
}
