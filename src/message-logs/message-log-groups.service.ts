import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, LessThan, type Repository } from 'typeorm';
import { activityLogsConfig, type ActivityLogsConfig } from '../config/activity-logs.config.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { MessageLogGroupEntity } from './message-log-group.entity.js';

/**
 * The default of MESSAGE_LOG_LOCK_TTL_SECONDS. A lock outlives its holder's longest legitimate
 * work: the CRM read and write of one request, within its CRM budget (CRM_TIMEOUT_MS).
 */
export const DEFAULT_GROUP_LOCK_TTL_MS = 2 * 60 * 1000;
/** How long a request waits for another one to finish with the same conversation-day. */
export const GROUP_LOCK_WAIT_MS = 15_000;

export interface GroupRef {
  userId: string;
  groupKey: string;
  conversationId: string;
  contactId: string;
}

/** A held lock, and the group's CRM activity as read after taking it. */
export interface GroupLock {
  groupId: string;
  token: string;
  crmLogId: string | null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Conversation-day groups and their locks. The lock lives in the group row (token + expiry) and
 * is taken and released with single compare-and-swap statements, so it serializes writers across
 * instances as well as within one, with no transactions.
 */
@Injectable()
export class MessageLogGroupsService {
  private readonly logger = new Logger('MessageLogGroups');

  private readonly lockTtlMs: number;

  constructor(
    @InjectRepository(MessageLogGroupEntity)
    private readonly groups: Repository<MessageLogGroupEntity>,
    @Inject(activityLogsConfig.KEY) config: Pick<ActivityLogsConfig, 'messageLogLockTtlSeconds'>,
  ) {
    this.lockTtlMs = config.messageLogLockTtlSeconds * 1000;
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
          lockToken: null,
          lockExpiresAt: null,
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return this.groups.findOneByOrFail({ userId: ref.userId, groupKey: ref.groupKey });
  }

  /**
   * Takes the group's lock, waiting up to `waitMs` for the holder to finish (an expired lock is
   * taken over). Undefined when it stays busy.
   */
  async lock(ref: GroupRef, waitMs = GROUP_LOCK_WAIT_MS): Promise<GroupLock | undefined> {
    const group = await this.ensure(ref);
    const deadline = Date.now() + waitMs;
    let delay = 10;
    for (;;) {
      const token = await this.tryLock(group.id);
      if (token) {
        const current = await this.groups.findOneByOrFail({ id: group.id });
        return { groupId: group.id, token, crmLogId: current.crmLogId };
      }
      if (Date.now() >= deadline) return undefined;
      await pause(Math.min(delay * (0.5 + Math.random()), Math.max(0, deadline - Date.now())));
      delay = Math.min(delay * 1.5, 200);
    }
  }

  /** One attempt: a free lock, or an expired one. Each is a single atomic statement. */
  async tryLock(groupId: string, now = new Date()): Promise<string | undefined> {
    const token = randomUUID();
    const held = { lockToken: token, lockExpiresAt: new Date(now.getTime() + this.lockTtlMs) };
    const free = await this.groups.update({ id: groupId, lockToken: IsNull() }, held);
    if (free.affected === 1) return token;
    const expired = await this.groups.update({ id: groupId, lockExpiresAt: LessThan(now) }, held);
    return expired.affected === 1 ? token : undefined;
  }

  /**
   * Records the group's CRM activity. The CRM write already happened, so a failure is retried
   * and, if it persists, logged with the activity id for reconciliation.
   */
  async setCrmLogId(lock: GroupLock, crmLogId: string): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const result = await this.groups.update(
          { id: lock.groupId, lockToken: lock.token },
          { crmLogId },
        );
        if (result.affected === 1) {
          lock.crmLogId = crmLogId;
          return;
        }
        lastError = new Error('the group lock was taken over before the activity was recorded');
        break;
      } catch (error) {
        lastError = error;
        await pause(50 * (attempt + 1));
      }
    }
    this.logger.error(
      `RECONCILE: CRM activity ${crmLogId} was created for message group ${lock.groupId} but could not be recorded: ${
        lastError instanceof Error ? lastError.message : String(lastError)
      }`,
    );
    throw lastError;
  }

  /** Releases the lock if this holder still has it. */
  async unlock(lock: GroupLock): Promise<void> {
    await this.groups.update(
      { id: lock.groupId, lockToken: lock.token },
      { lockToken: null, lockExpiresAt: null },
    );
  }
}
