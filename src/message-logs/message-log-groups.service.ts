import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { activityLogsConfig, type ActivityLogsConfig } from '../config/activity-logs.config.js';
import { ClaimStore } from '../database/claims/claim-store.js';
import { waitForClaim } from '../database/claims/wait-for-claim.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { MessageLogGroupEntity } from './message-log-group.entity.js';

/** Default MESSAGE_LOG_LOCK_TTL_SECONDS: longer than one request's CRM read and write. */
export const DEFAULT_GROUP_CLAIM_TTL_MS = 2 * 60 * 1000;
export const GROUP_CLAIM_WAIT_MS = 15_000;

export interface GroupRef {
  userId: string;
  groupKey: string;
  conversationId: string;
  contactId: string;
}

export interface GroupClaim {
  groupId: string;
  token: string;
  crmLogId: string | null;
}

/** Conversation-day groups and their claims, which serialize writers across instances. */
@Injectable()
export class MessageLogGroupsService {
  private readonly claims: ClaimStore<MessageLogGroupEntity>;

  constructor(
    @InjectRepository(MessageLogGroupEntity)
    private readonly groups: Repository<MessageLogGroupEntity>,
    @Inject(activityLogsConfig.KEY) config: Pick<ActivityLogsConfig, 'messageLogLockTtlSeconds'>,
  ) {
    this.claims = new ClaimStore(
      groups,
      { token: 'claimToken', expiresAt: 'claimExpiresAt' },
      config.messageLogLockTtlSeconds * 1000,
      new Logger('MessageLogGroups'),
    );
  }

  async ensure(ref: GroupRef): Promise<MessageLogGroupEntity> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const existing = await this.groups.findOneBy({ userId: ref.userId, groupKey: ref.groupKey });
      if (existing) return existing;
      try {
        await this.groups.insert({
          id: randomUUID(),
          ...ref,
          crmLogId: null,
          claimToken: null,
          claimExpiresAt: null,
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return this.groups.findOneByOrFail({ userId: ref.userId, groupKey: ref.groupKey });
  }

  /** Waits up to `waitMs` for the holder (an expired claim is taken over); undefined if still busy. */
  async claim(ref: GroupRef, waitMs = GROUP_CLAIM_WAIT_MS): Promise<GroupClaim | undefined> {
    const group = await this.ensure(ref);
    const token = await waitForClaim(() => this.tryClaim(group.id), waitMs);
    if (!token) return undefined;
    const current = await this.groups.findOneByOrFail({ id: group.id });
    return { groupId: group.id, token, crmLogId: current.crmLogId };
  }

  async tryClaim(groupId: string, now = new Date()): Promise<string | undefined> {
    return (await this.claims.take({ id: groupId }, { free: true, now })) ?? undefined;
  }

  /** The CRM write already happened: a failure is retried, then logged with the id to reconcile. */
  async setCrmLogId(claim: GroupClaim, crmLogId: string): Promise<void> {
    await this.claims.complete(
      { id: claim.groupId },
      claim.token,
      { crmLogId },
      { crmLogId, subject: `message group ${claim.groupId}`, keepClaim: true },
    );
    claim.crmLogId = crmLogId;
  }

  async release(claim: GroupClaim): Promise<void> {
    await this.claims.release({ id: claim.groupId }, claim.token);
  }
}
