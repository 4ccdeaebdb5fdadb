import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, type Repository } from 'typeorm';
import { UserEntity } from '../users/user.entity.js';
import { CredentialVault } from './credential-vault.service.js';

const FIELDS = ['apiKey', 'accessToken', 'refreshToken', 'extraCredentials'] as const;

export interface ReencryptionReport {
  users: number;
  values: number;
}

/** Key rotation: re-encrypts old-key values, each only if unchanged meanwhile (safe while up). */
@Injectable()
export class CredentialReencryptor {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly vault: CredentialVault,
  ) {}

  async run(batchSize = 200): Promise<ReencryptionReport> {
    const report: ReencryptionReport = { users: 0, values: 0 };
    let lastId = '';
    for (;;) {
      const batch = await this.users.find({
        where: { id: MoreThan(lastId) },
        order: { id: 'ASC' },
        take: batchSize,
      });
      if (batch.length === 0) return report;
      for (const user of batch) {
        let changed = 0;
        for (const field of FIELDS) {
          const stored = user[field];
          if (!stored || !this.vault.needsReencryption(stored)) continue;
          const fresh = this.vault.encrypt(
            this.vault.decrypt(stored, user.id, field),
            user.id,
            field,
          );
          const result = await this.users.update(
            { id: user.id, [field]: stored },
            { [field]: fresh },
          );
          changed += result.affected ?? 0;
        }
        if (changed > 0) report.users += 1;
        report.values += changed;
      }
      lastId = batch[batch.length - 1].id;
    }
  }
}
