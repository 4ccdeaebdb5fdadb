import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '../database/unique-violation.js';
import { CredentialVault } from './credential-vault.service.js';
import { ManagedCredentialsEntity } from './managed-credentials.entity.js';

/** What an admin stored: values shared by the account, and per RingCentral extension. */
export interface ManagedValues {
  org: Record<string, string>;
  users: Record<string, { name: string; fields: Record<string, string> }>;
}

/** One change (POST /admin/managedAuth): `extensionId` selects the user scope. */
export interface ManagedValuesChange {
  extensionId?: string;
  userName?: string;
  values: Record<string, string>;
  remove: string[];
}

const FIELD = 'managedValues';

/** Admin-managed login values, encrypted as one sealed document per account and platform. */
@Injectable()
export class ManagedCredentialsService {
  constructor(
    @InjectRepository(ManagedCredentialsEntity)
    private readonly rows: Repository<ManagedCredentialsEntity>,
    private readonly vault: CredentialVault,
  ) {}

  async read(accountKey: string, platform: string): Promise<ManagedValues> {
    const row = await this.rows.findOneBy({ accountKey, platform });
    return row ? this.open(row) : { org: {}, users: {} };
  }

  /** The values a login of this extension may use: its own over the account's. */
  async forExtension(
    accountKey: string,
    platform: string,
    extensionId: string,
  ): Promise<Record<string, string>> {
    const { org, users } = await this.read(accountKey, platform);
    return { ...org, ...users[extensionId]?.fields };
  }

  async change(accountKey: string, platform: string, change: ManagedValuesChange): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const row = await this.rows.findOneBy({ accountKey, platform });
      const sealed = this.seal(
        accountKey,
        platform,
        applied(row ? this.open(row) : undefined, change),
      );
      if (row) {
        await this.rows.update({ accountKey, platform }, { sealed });
        return;
      }
      try {
        await this.rows.insert({ accountKey, platform, sealed });
        return;
      } catch (error) {
        // Another admin of the account saved first: apply the change to that row instead.
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }

  /** Key rotation (npm run vault:reencrypt): each row only if unchanged meanwhile; the count moved. */
  async reencrypt(): Promise<number> {
    let moved = 0;
    for (const row of await this.rows.find()) {
      if (!this.vault.needsReencryption(row.sealed)) continue;
      const { accountKey, platform } = row;
      const sealed = this.seal(accountKey, platform, this.open(row));
      const result = await this.rows.update(
        { accountKey, platform, sealed: row.sealed },
        { sealed },
      );
      moved += result.affected ?? 0;
    }
    return moved;
  }

  private open(row: ManagedCredentialsEntity): ManagedValues {
    return JSON.parse(
      this.vault.decrypt(row.sealed, owner(row.accountKey, row.platform), FIELD),
    ) as ManagedValues;
  }

  private seal(accountKey: string, platform: string, values: ManagedValues): string {
    return this.vault.encrypt(JSON.stringify(values), owner(accountKey, platform), FIELD);
  }
}

const owner = (accountKey: string, platform: string) => `managed:${accountKey}:${platform}`;

function applied(current: ManagedValues | undefined, change: ManagedValuesChange): ManagedValues {
  const next: ManagedValues = current ?? { org: {}, users: {} };
  let fields = next.org;
  if (change.extensionId !== undefined) {
    const entry = (next.users[change.extensionId] ??= { name: '', fields: {} });
    if (change.userName !== undefined) entry.name = change.userName;
    fields = entry.fields;
  }
  Object.assign(fields, change.values);
  for (const key of change.remove) delete fields[key];
  for (const [id, entry] of Object.entries(next.users)) {
    if (Object.keys(entry.fields).length === 0) delete next.users[id];
  }
  return next;
}
