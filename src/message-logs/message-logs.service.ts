import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AdminSettingsService } from '../admin/admin-settings.service.js';
import { CrmSessionService, type CrmSession } from '../auth/crm-session.service.js';
import type { ComposeOptions } from '../activity-body/log-body/index.js';
import { success, warning, type Envelope } from '../common/envelope.js';
import { isCrmError } from '../crm/crm-error.js';
import type { UserEntity } from '../users/user.entity.js';
import type { CreateMessageLogDto } from './dto/create-message-log.dto.js';
import type { MatchMessageLogsDto } from './dto/match-message-logs.dto.js';
import {
  appendToMessageDigest,
  composeMessageDigest,
} from '../activity-body/message-digest/index.js';
import { planMessageLog, type MessageLogPlan, type PlannedMessage } from './message-log-plan.js';
import { MessageLogGroupsService, type GroupClaim } from './message-log-groups.service.js';
import { MessageLogRecordsService } from './message-log-records.service.js';
import type { MessageLogEntity } from './message-log.entity.js';

/** One CRM activity per conversation-day, one CRM write per request, each message logged once. */
@Injectable()
export class MessageLogsService {
  private readonly logger = new Logger('MessageLogs');

  constructor(
    private readonly sessions: CrmSessionService,
    private readonly records: MessageLogRecordsService,
    private readonly groups: MessageLogGroupsService,
    private readonly adminSettings: AdminSettingsService,
  ) {}

  /** POST /messageLog: a CRM failure records nothing, so a retry logs the same messages. */
  async log(user: UserEntity, input: CreateMessageLogDto): Promise<Envelope> {
    const session = this.sessions.open(user);
    const plan = planMessageLog(input, user.name, {
      receivedAt: new Date(),
      timeZone: user.timezone ?? undefined,
    });
    if (plan.selected.length === 0) {
      return { successful: false, returnMessage: warning('No message to log.', 3000) };
    }
    const contactId = input.contactId?.trim();
    if (!contactId) {
      return {
        successful: false,
        returnMessage: warning(`Contact not found for number ${plan.contactNumber}`.trim(), 3000),
      };
    }
    if ((await this.unlogged(user.id, plan.selected)).length === 0) {
      return { successful: true, logIds: [] };
    }
    const claim = await this.groups.claim({
      userId: user.id,
      groupKey: plan.groupKey,
      conversationId: plan.conversationId,
      contactId,
    });
    if (!claim) {
      return {
        successful: false,
        returnMessage: warning(
          'This conversation is already being logged. Please try again in a moment.',
          3000,
        ),
      };
    }
    const progress = { writing: false };
    let keepClaim = false;
    try {
      const logged = await this.records.findByKeys(
        user.id,
        plan.all.map((message) => message.key),
      );
      const fresh = plan.selected.filter((message) => !logged.has(message.key));
      if (fresh.length === 0) return { successful: true, logIds: [] };
      const logId = await this.write(
        session,
        user,
        { ...input, contactId },
        plan,
        { claim, progress },
        fresh,
        logged,
      );
      await this.records.record(
        user.id,
        fresh.map((message) => ({
          messageKey: message.key,
          messageId: message.id,
          conversationId: plan.conversationId,
          groupKey: plan.groupKey,
          crmLogId: logId,
          contactId,
        })),
      );
      return {
        successful: true,
        logIds: fresh.map((message) => message.id),
        returnMessage: success('Message log added'),
      };
    } catch (error) {
      // Only a write left unanswered may have happened; a timed-out read changed nothing.
      keepClaim = progress.writing && isCrmError(error) && error.outcomeUnknown;
      throw error;
    } finally {
      if (!keepClaim) {
        await this.groups.release(claim).catch((error: unknown) => {
          this.logger.warn(`Could not release message group ${claim.groupId}: ${String(error)}`);
        });
      }
    }
  }

  async match(user: UserEntity, input: MatchMessageLogsDto): Promise<Envelope> {
    const ids = [...new Set(input.messageIds.map((id) => id.trim()).filter((id) => id !== ''))];
    const rows = await this.records.findByMessageIds(user.id, ids);
    const messageLogs: Record<string, string> = {};
    const logs = ids.map((messageId) => {
      const forId = rows.filter((row) => row.messageId === messageId);
      const row = forId.find((r) => r.messageKey === messageId) ?? forId[0];
      if (!row) return { messageId, matched: false };
      messageLogs[messageId] = row.crmLogId;
      return { messageId, matched: true, logId: row.crmLogId, contactId: row.contactId };
    });
    return { successful: true, messageLogs, logs };
  }

  private async unlogged(userId: string, messages: PlannedMessage[]): Promise<PlannedMessage[]> {
    const logged = await this.records.findByKeys(
      userId,
      messages.map((message) => message.key),
    );
    return messages.filter((message) => !logged.has(message.key));
  }

  private async write(
    { provider, ctx }: CrmSession,
    user: UserEntity,
    input: CreateMessageLogDto,
    plan: MessageLogPlan,
    { claim, progress }: { claim: GroupClaim; progress: { writing: boolean } },
    fresh: PlannedMessage[],
    logged: Map<string, MessageLogEntity>,
  ): Promise<string> {
    const options: ComposeOptions = {
      format: provider.logFormat,
      settings: (await this.adminSettings.effectiveFor(user)) as ComposeOptions['settings'],
      timeZone: user.timezone ?? undefined,
    };
    // A shared-inbox digest is rewritten whole: every message of the request this activity holds.
    const shown = (crmLogId: string | null) =>
      plan.isShared
        ? plan.all.filter(
            (message) =>
              fresh.includes(message) ||
              (crmLogId !== null && logged.get(message.key)?.crmLogId === crmLogId),
          )
        : fresh;
    if (claim.crmLogId === null) {
      const messages = shown(null);
      const digest = composeMessageDigest(
        { ...plan.conversation, messages: messages.map((message) => message.digest) },
        options,
      );
      progress.writing = true;
      const { logId } = await provider.createMessageLog(ctx, {
        contactId: input.contactId!,
        contactType: input.contactType,
        contactName: input.contactName,
        kind: plan.kind,
        subject: digest.subject,
        body: digest.body,
        conversationId: plan.conversationId,
        conversationLogId: plan.groupKey,
        occurredAt: messages[0]!.digest.creationTime,
        additionalSubmission: input.additionalSubmission ?? {},
        idempotencyKey: idempotencyKey(user.id, plan.groupKey),
      });
      await this.groups.setCrmLogId(claim, logId);
      return logId;
    }
    const logId = claim.crmLogId;
    const current = await provider.getMessageLog(ctx, logId);
    if (plan.isShared) {
      const digest = composeMessageDigest(
        { ...plan.conversation, messages: shown(logId).map((message) => message.digest) },
        options,
      );
      if (digest.body !== current.body || digest.subject !== current.subject) {
        progress.writing = true;
        await provider.updateMessageLog(ctx, logId, digest);
      }
      return logId;
    }
    const appended = appendToMessageDigest(
      current.body,
      plan.kind,
      fresh.map((message) => message.digest),
      options,
    );
    if (appended.added > 0) {
      progress.writing = true;
      await provider.updateMessageLog(ctx, logId, { body: appended.body });
    }
    return logId;
  }
}

/** Opaque and stable per (user, conversation-day): a retried create cannot make a second activity. */
function idempotencyKey(userId: string, groupKey: string): string {
  return createHash('sha256')
    .update(`message-log\n${userId}\n${groupKey}`)
    .digest('base64url')
    .slice(0, 32);
}
