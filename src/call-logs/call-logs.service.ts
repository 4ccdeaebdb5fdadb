import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { CrmSessionService } from '../auth/crm-session.service.js';
import { AdminSettingsService } from '../admin/admin-settings.service.js';
import { AppError } from '../common/errors/app-error.js';
import { success, warning, type Envelope } from '../common/envelope.js';
import type { CrmContext } from '../crm/crm-context.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import { ClaimBusyError, NamedClaims } from '../database/claims/named-claims.service.js';
import { isCrmError } from '../crm/crm-error.js';
import { assertSoftCrmFailure } from '../crm/soft-crm-failure.js';
import type { UserEntity } from '../users/user.entity.js';
import { RcIdHasher } from '../users/rc-id-hasher.service.js';
import { CallLogMappingsService } from './call-log-mappings.service.js';
import { callLogSubject } from './call-log-subject.js';
import { CallNotesService } from './call-notes.service.js';
import { declaredDispositions } from './declared-dispositions.js';
import { callLogExtrasOf, LOG_TEXT_MAX, logTextBytes } from './dto/call-log-extras.js';
import type { CreateCallLogDto } from './dto/create-call-log.dto.js';
import type { GetCallLogsQuery } from './dto/get-call-logs.query.js';
import type { UpdateCallLogDto } from './dto/update-call-log.dto.js';
import { extensionKeyOf, type ExtensionKeySources } from './extension-key.js';
import {
  composeCallLogBody,
  extractAgentNote,
  upsertCallLogBody,
  type CallLogBodyInput,
  type CallLogExtras,
  type ComposeOptions,
} from '../activity-body/log-body/index.js';

const UPDATE_CLAIM = { ttlMs: 60_000, waitMs: 10_000 };

/** GET /callLog answers at most this many session ids; later ones read as unmatched. */
export const MAX_SESSION_IDS = 100;

@Injectable()
export class CallLogsService {
  constructor(
    private readonly sessions: CrmSessionService,
    private readonly mappings: CallLogMappingsService,
    private readonly claims: NamedClaims,
    private readonly hasher: RcIdHasher,
    private readonly notes: CallNotesService,
    private readonly adminSettings: AdminSettingsService,
  ) {}

  /** POST /callLog: claim the call, write the CRM activity, record it; a duplicate never reaches the CRM. */
  async create(
    user: UserEntity,
    input: CreateCallLogDto,
    rcExtensionIdHeader?: string,
  ): Promise<Envelope> {
    const receivedAt = new Date();
    assertTextBudget(input);
    const { provider, ctx } = this.sessions.open(user);
    const info = input.logInfo;
    const contactParty =
      info.direction === 'Inbound'
        ? info.from
        : info.direction === 'Outbound'
          ? info.to
          : undefined;
    if (!input.contactId) {
      return {
        successful: false,
        returnMessage: warning(
          `Contact not found for number ${contactParty?.phoneNumber ?? ''}`.trim(),
          3000,
        ),
      };
    }
    const note = input.note?.trim()
      ? input.note
      : ((await this.notes.find(user.id, info.sessionId)) ?? input.note);
    const extensionKey = this.extensionKey(input, rcExtensionIdHeader);
    const key = { userId: user.id, sessionId: info.sessionId, extensionKey };
    const claim = await this.mappings.claim(key, input.contactId);
    if (claim.kind === 'logged') {
      return {
        successful: false,
        logId: claim.logId,
        returnMessage: warning(`Existing log for session ${info.sessionId}`, 3000),
      };
    }
    if (claim.kind === 'busy') {
      return {
        successful: false,
        returnMessage: warning('This call is already being logged', 3000),
      };
    }
    const durationSeconds = info.duration === 'pending' ? undefined : info.duration;
    const contactName =
      input.contactName?.trim() || contactParty?.name || contactParty?.phoneNumber || '';
    const subject = callLogSubject({ ...info, contactName });
    const startTime = info.startTime ?? receivedAt;
    const body = composeCallLogBody(
      {
        ...callLogExtrasOf(input),
        note,
        sessionId: info.sessionId,
        subject,
        direction: info.direction,
        from: info.from,
        to: info.to,
        startTime,
        startTimeReceived: info.startTime === undefined,
        duration: durationSeconds,
        result: info.result,
        recordingLink: info.recording?.link,
        legs: info.legs,
      },
      await this.composeOptions(user, provider.logFormat),
    );
    let logId: string;
    try {
      ({ logId } = await provider.createCallLog(ctx, {
        contactId: input.contactId,
        contactType: input.contactType,
        contactName,
        subject,
        body,
        sessionId: info.sessionId,
        direction: info.direction,
        startTime,
        durationSeconds,
        result: info.result,
        additionalSubmission: input.additionalSubmission ?? {},
        dispositions: declaredDispositions(provider, input.additionalSubmission ?? {}),
        idempotencyKey: idempotencyKey(key),
      }));
    } catch (error) {
      // The CRM may have stored it (timeout): keep the claim; a retry resends the same idempotency key.
      if (!(isCrmError(error) && error.outcomeUnknown)) await this.mappings.release(claim);
      throw error;
    }
    await this.mappings.complete(claim, logId);
    return { successful: true, logId, returnMessage: success('Call log added') };
  }

  /** GET /callLog: routine lookups carry no returnMessage (the client would show it every time). */
  async find(
    user: UserEntity,
    query: GetCallLogsQuery,
    rcExtensionIdHeader?: string,
  ): Promise<Envelope> {
    const sessionIds = [
      ...new Set(
        query.sessionIds
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      ),
    ].slice(0, MAX_SESSION_IDS);
    const found = await this.mappings.findMany(
      user.id,
      sessionIds.filter((id) => id !== '0'),
      this.extensionKey(query, rcExtensionIdHeader),
    );
    const logs: Record<string, unknown>[] = sessionIds.map((sessionId) => {
      const row = found.get(sessionId);
      if (!row || row.status !== 'logged' || !row.crmLogId) return { sessionId, matched: false };
      return {
        sessionId,
        matched: true,
        logId: row.crmLogId,
        contact: { id: row.contactId ?? '' },
      };
    });
    if (query.requireDetails) {
      const matched = logs.filter((log) => log.matched);
      if (matched.length > 0) {
        const { provider, ctx } = this.sessions.open(user);
        try {
          for (const log of matched) {
            const crmLog = await provider.getCallLog(ctx, log.logId as string);
            log.logData = {
              subject: crmLog.subject,
              note: extractAgentNote(crmLog.body, provider.logFormat),
              dispositions: declaredDispositions(provider, crmLog.dispositions ?? {}),
            };
          }
        } catch (error) {
          assertSoftCrmFailure(error);
          return {
            successful: false,
            returnMessage: warning(
              `Could not load the existing log from ${provider.displayName}`,
              3000,
            ),
          };
        }
      }
    }
    return { successful: true, logs };
  }

  /** PATCH /callLog: upserts the new sections into the CRM's current body; without it, writes nothing. */
  async update(
    user: UserEntity,
    input: UpdateCallLogDto,
    rcExtensionIdHeader?: string,
  ): Promise<Envelope> {
    assertTextBudget(input);
    const row = await this.mappings.find({
      userId: user.id,
      sessionId: input.sessionId,
      extensionKey: this.extensionKey(input, rcExtensionIdHeader),
    });
    if (!row) {
      return {
        successful: false,
        returnMessage: warning('No call log found for this call. Log it first.', 3000),
      };
    }
    if (row.status !== 'logged' || !row.crmLogId) {
      return {
        successful: false,
        returnMessage: warning(
          'This call is still being logged. Please try again in a moment.',
          3000,
        ),
      };
    }
    const logId = row.crmLogId;
    const { provider, ctx } = this.sessions.open(user);
    // Across instances: a recording sync and a manual edit must not both rewrite from one base.
    const key = `call-log:${user.id}:${logId}`;
    try {
      return await this.claims.withClaim(key, UPDATE_CLAIM, () =>
        this.updateBody(user, provider, ctx, logId, input),
      );
    } catch (error) {
      if (!(error instanceof ClaimBusyError)) throw error;
      return {
        successful: false,
        returnMessage: warning(
          'This call log is being updated by another request. Please try again.',
          3000,
        ),
      };
    }
  }

  private async updateBody(
    user: UserEntity,
    provider: CrmProvider,
    ctx: CrmContext,
    logId: string,
    input: UpdateCallLogDto,
  ): Promise<Envelope> {
    const current = await provider.getCallLog(ctx, logId);
    const subject = input.subject?.trim() ? input.subject.trim() : undefined;
    const update: CallLogBodyInput = {
      ...callLogExtrasOf(input),
      subject,
      direction: input.direction,
      from: input.from,
      to: input.to,
      startTime: input.startTime,
      duration: input.duration,
      result: input.result,
      recordingLink: input.recordingLink,
      legs: input.legs,
    };
    const body = upsertCallLogBody(
      current.body,
      update,
      await this.composeOptions(user, provider.logFormat),
    );
    await provider.updateCallLog(ctx, logId, { subject, body });
    return {
      successful: true,
      logId,
      updatedNote: input.note ?? extractAgentNote(body, provider.logFormat),
      returnMessage: success('Call log updated'),
    };
  }

  private extensionKey(sources: ExtensionKeySources, rcExtensionIdHeader?: string): string {
    return extensionKeyOf({ ...sources, rcExtensionIdHeader }, (id) => this.hasher.hash(id));
  }

  /** The account policy's locked values apply to the body, as GET /user/settings shows them. */
  private async composeOptions(
    user: UserEntity,
    format: ComposeOptions['format'],
  ): Promise<ComposeOptions> {
    return {
      format,
      settings: (await this.adminSettings.effectiveFor(user)) as ComposeOptions['settings'],
      timeZone: user.timezone ?? undefined,
    };
  }
}

/** Opaque and stable per (user, call): the CRM may use it to de-duplicate a retried create. */
function idempotencyKey(key: { userId: string; sessionId: string; extensionKey: string }): string {
  return createHash('sha256')
    .update(`${key.userId}\n${key.sessionId}\n${key.extensionKey}`)
    .digest('base64url')
    .slice(0, 32);
}

function assertTextBudget(input: CallLogExtras): void {
  if (logTextBytes(input) > LOG_TEXT_MAX) {
    throw AppError.invalidRequest('notes and transcripts together must be at most 1 MB');
  }
}
