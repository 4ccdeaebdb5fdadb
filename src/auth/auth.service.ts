import { Injectable, Logger } from '@nestjs/common';
import { success, warning, type Envelope } from '../common/envelope.js';
import { isCrmError } from '../crm/crm-error.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { CredentialVault } from './credential-vault.service.js';
import { CrmSessionService } from './crm-session.service.js';
import { SessionTokenService } from './session-token.service.js';
import type { VerifiedApiKeyLogin } from './strategies/api-key.strategy.js';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    private readonly vault: CredentialVault,
    private readonly sessions: CrmSessionService,
    private readonly tokens: SessionTokenService,
  ) {}

  /** Stores the verified login (credentials encrypted) and issues the session token. */
  async completeApiKeyLogin(login: VerifiedApiKeyLogin): Promise<Envelope> {
    const user = await this.users.saveLogin(
      {
        platform: login.provider.platform,
        hostname: login.hostname,
        crmUserId: String(login.crmUser.id),
        name: login.crmUser.name,
        timezone: login.crmUser.timezone,
        authType: 'apiKey',
      },
      (userId) => ({
        apiKey: this.vault.encrypt(login.apiKey, userId, 'apiKey'),
        extraCredentials:
          Object.keys(login.extra).length > 0
            ? this.vault.encrypt(JSON.stringify(login.extra), userId, 'extraCredentials')
            : null,
      }),
    );
    return {
      successful: true,
      jwtToken: this.tokens.issue(user),
      name: user.name,
      returnMessage: success('Successfully authorized.', 3000),
    };
  }

  /**
   * Logout (client-contract §3.3): revoke at the CRM where the provider can (a failure does not stop
   * the rest), delete the stored credentials, and end every session token of this connection.
   */
  async logout(user: UserEntity): Promise<Envelope> {
    const provider = this.sessions.providerOf(user);
    let revokedAtCrm = true;
    if (provider.logout && user.connected && !user.revokedAt) {
      try {
        await provider.logout(this.sessions.open(user).ctx);
      } catch (error) {
        revokedAtCrm = false;
        this.logger.warn(
          `Revocation at ${provider.displayName} failed for user ${user.id}: ${describe(error)}`,
        );
      }
    }
    await this.users.signOut(user.id);
    return {
      successful: true,
      returnMessage: revokedAtCrm
        ? success(`Logged out of ${provider.displayName}.`, 3000)
        : warning(
            `Logged out. ${provider.displayName} could not revoke the access, but the stored credentials were removed.`,
            5000,
          ),
    };
  }

  /** GET /authValidation (client-contract §3.4): a CRM hiccup never tears down a good login. */
  async validate(user: UserEntity): Promise<Envelope> {
    const { provider, ctx } = this.sessions.open(user);
    try {
      await provider.getUserInfo(ctx);
      return { successful: true };
    } catch (error) {
      if (!isCrmError(error) || error.code === 'SESSION_REVOKED') throw error;
      if (error.code === 'AUTH_EXPIRED') {
        return {
          successful: false,
          returnMessage: warning(
            `Your ${provider.displayName} session has expired. Please connect again.`,
            5000,
          ),
        };
      }
      return { successful: true, validated: false };
    }
  }
}

const describe = (error: unknown) =>
  isCrmError(error)
    ? `${error.code} (${error.message})`
    : error instanceof Error
      ? error.name
      : 'unknown error';
