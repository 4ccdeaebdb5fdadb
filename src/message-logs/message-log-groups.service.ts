import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { activityLogsConfig, type ActivityLogsConfig } from '../config/activity-logs.config.js';
import { ClaimStore } from '../database/claims/claim-store.js';
import { waitForClaim } from '../database/claims/wait-for-claim.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { MessageLogGroupEntity } from './message-log-group.entity.js';

/**
 * The default of MESSAGE_LOG_LOCK_TTL_SECONDS. A claim outlives its holder's longest legitimate
 * work: the CRM read and write of one request, within its CRM budget (CRM_TIMEOUT_MS).
 */
export const DEFAULT_GROUP_CLAIM_TTL_MS = 2 * 60 * 1000;
/** How long a request waits for another one to finish with the same conversation-day. */
export const GROUP_CLAIM_WAIT_MS = 15_000;

export interface GroupRef {
  userId: string;
  groupKey: string;
  conversationId: string;
  contactId: string;
}

/** A held claim, and the group's CRM activity as read after taking it. */
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

  /** The group's row, created on first use (a concurrent first use finds the winner's row). */
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

  /**
   * Claims the group, waiting up to `waitMs` for the holder to finish (an expired claim is taken
   * over). Undefined when it stays busy.
   */
  async claim(ref: GroupRef, waitMs = GROUP_CLAIM_WAIT_MS): Promise<GroupClaim | undefined> {
    const group = await this.ensure(ref);
    const token = await waitForClaim(() => this.tryClaim(group.id), waitMs);
    if (!token) return undefined;
    const current = await this.groups.findOneByOrFail({ id: group.id });
    return { groupId: group.id, token, crmLogId: current.crmLogId };
  }

  /** One attempt: a free claim, or an expired one. */
  async tryClaim(groupId: string, now = new Date()): Promise<string | undefined> {
    return (await this.claims.take({ id: groupId }, { free: true, now })) ?? undefined;
  }

  /**
   * Records the group's CRM activity, keeping the claim. The CRM write already happened, so a
   * failure is retried and, if it persists, logged with the activity id for reconciliation.
   */
  async setCrmLogId(claim: GroupClaim, crmLogId: string): Promise<void> {
    await this.claims.complete(
      { id: claim.groupId },
      claim.token,
      { crmLogId },
      { crmLogId, subject: `message group ${claim.groupId}`, keepClaim: true },
    );
    claim.crmLogId = crmLogId;
  }

  /** Releases the claim if this holder still has it. */
  async release(claim: GroupClaim): Promise<void> {
    await this.claims.release({ id: claim.groupId }, claim.token);
  }
}
