import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, type Repository } from 'typeorm';
import { replaceRow } from '../database/replace-row.js';
import { CredentialVault } from './credential-vault.service.js';
import { ManagedOAuthAccountEntity } from './managed-oauth-account.entity.js';
import { ManagedOAuthPendingEntity } from './managed-oauth-pending.entity.js';
import { withoutSecret, type ManagedOAuthValues } from './managed-oauth-values.js';

export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;

/** GET /oauthManagedAuthState: never the client secret. */
export interface ManagedOAuthState {
  isAdmin: boolean;
  hasAccountOAuth: boolean;
  hasPendingOAuth: boolean;
  oauthValues?: Omit<ManagedOAuthValues, 'clientSecret'>;
  pendingValues?: Omit<ManagedOAuthValues, 'clientSecret'>;
}

const FIELD = 'managedOAuth';

/**
 * Managed OAuth clients, sealed by the vault: pending per account (until a sign-in proves them),
 * completed per account and platform.
 */
@Injectable()
export class ManagedOAuthService {
  constructor(
    @InjectRepository(ManagedOAuthAccountEntity)
    private readonly accounts: Repository<ManagedOAuthAccountEntity>,
    @InjectRepository(ManagedOAuthPendingEntity)
    private readonly pendings: Repository<ManagedOAuthPendingEntity>,
    private readonly vault: CredentialVault,
  ) {}

  async state(accountKey: string, platform: string, isAdmin: boolean): Promise<ManagedOAuthState> {
    const account = await this.account(accountKey, platform);
    const pending = isAdmin && !account ? await this.pending(accountKey) : undefined;
    return {
      isAdmin,
      hasAccountOAuth: account !== undefined,
      hasPendingOAuth: pending !== undefined,
      ...(account && { oauthValues: withoutSecret(account) }),
      ...(pending && { pendingValues: withoutSecret(pending) }),
    };
  }

  async account(accountKey: string, platform: string): Promise<ManagedOAuthValues | undefined> {
    const row = await this.accounts.findOneBy({ accountKey, platform });
    return row ? this.open(row.sealed, accountOwner(accountKey, platform)) : undefined;
  }

  async pending(accountKey: string): Promise<ManagedOAuthValues | undefined> {
    const row = await this.pendings.findOneBy({ accountKey });
    if (!row) return undefined;
    if (row.expiresAt.getTime() <= Date.now()) {
      await this.pendings.delete({ accountKey, expiresAt: LessThanOrEqual(new Date()) });
      return undefined;
    }
    return this.open(row.sealed, pendingOwner(accountKey));
  }

  /** Replaces the account's pending values; they expire after 24 hours. */
  async cachePending(accountKey: string, values: ManagedOAuthValues): Promise<void> {
    const sealed = this.seal(values, pendingOwner(accountKey));
    const expiresAt = new Date(Date.now() + PENDING_TTL_MS);
    await replaceRow(
      () => this.pendings.update({ accountKey }, { sealed, expiresAt }),
      () => this.pendings.insert({ accountKey, sealed, expiresAt }),
    );
  }

  async clearPending(accountKey: string): Promise<void> {
    await this.pendings.delete({ accountKey });
  }

  /** DELETE /admin/managedOAuth/account: the platform's completed client, and the pending values. */
  async reset(accountKey: string, platform: string): Promise<void> {
    await this.accounts.delete({ accountKey, platform });
    await this.pendings.delete({ accountKey });
  }

  /**
   * After a sign-in with the pending values succeeded: they become the platform's client, unless
   * an admin replaced them meanwhile (another client id).
   */
  async promote(accountKey: string, platform: string, clientId: string): Promise<boolean> {
    const pending = await this.pending(accountKey);
    if (!pending || pending.clientId !== clientId) return false;
    const sealed = this.seal(pending, accountOwner(accountKey, platform));
    await replaceRow(
      () => this.accounts.update({ accountKey, platform }, { sealed }),
      () => this.accounts.insert({ accountKey, platform, sealed }),
    );
    await this.pendings.delete({ accountKey });
    return true;
  }

  /** Key rotation (npm run vault:reencrypt): rows still under an old key; the count moved. */
  async reencrypt(): Promise<number> {
    let moved = 0;
    for (const row of await this.accounts.find()) {
      if (!this.vault.needsReencryption(row.sealed)) continue;
      const owner = accountOwner(row.accountKey, row.platform);
      const sealed = this.seal(this.open(row.sealed, owner), owner);
      const { accountKey, platform } = row;
      const result = await this.accounts.update(
        { accountKey, platform, sealed: row.sealed },
        { sealed },
      );
      moved += result.affected ?? 0;
    }
    for (const row of await this.pendings.find()) {
      if (!this.vault.needsReencryption(row.sealed)) continue;
      const owner = pendingOwner(row.accountKey);
      const sealed = this.seal(this.open(row.sealed, owner), owner);
      const result = await this.pendings.update(
        { accountKey: row.accountKey, sealed: row.sealed },
        { sealed },
      );
      moved += result.affected ?? 0;
    }
    return moved;
  }

  /** Update, else insert; a concurrent insert of the same key turns into an update. */
  private open(sealed: string, owner: string): ManagedOAuthValues {
    return JSON.parse(this.vault.decrypt(sealed, owner, FIELD)) as ManagedOAuthValues;
  }

  private seal(values: ManagedOAuthValues, owner: string): string {
    return this.vault.encrypt(JSON.stringify(values), owner, FIELD);
  }
}

const accountOwner = (accountKey: string, platform: string) =>
  `managed-oauth:${accountKey}:${platform}`;
const pendingOwner = (accountKey: string) => `managed-oauth-pending:${accountKey}`;
