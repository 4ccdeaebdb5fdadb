import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type Repository } from 'typeorm';
import { activityLogsConfig, type ActivityLogsConfig } from '../config/activity-logs.config.js';
import { ClaimStore } from '../database/claims/claim-store.js';
import { CallLogMappingEntity } from './call-log-mapping.entity.js';

/**
 * The default of CALL_LOG_CLAIM_TTL_SECONDS: a pending claim is held this long when the CRM outcome
 * is unknown, then it can be taken over.
 */
export const DEFAULT_CLAIM_TTL_MS = 2 * 60 * 1000;

export type ClaimResult =
  | { kind: 'claimed'; id: string; token: string }
  | { kind: 'logged'; logId: string }
  | { kind: 'busy' };

export interface CallKey {
  userId: string;
  sessionId: string;
  extensionKey: string;
}

/**
 * The (user, session, extension key) → CRM activity mappings and their claims. Everything is scoped
 * to the user; every write is one atomic statement (no transactions), so it is correct on SQLite and
 * across instances on MySQL alike.
 */
@Injectable()
export class CallLogMappingsService {
  private readonly claims: ClaimStore<CallLogMappingEntity>;

  constructor(
    @InjectRepository(CallLogMappingEntity) private readonly rows: Repository<CallLogMappingEntity>,
    @Inject(activityLogsConfig.KEY) config: ActivityLogsConfig,
  ) {
    this.claims = new ClaimStore(
      rows,
      { token: 'claimToken', expiresAt: 'claimExpiresAt' },
      config.callLogClaimTtlSeconds * 1000,
      new Logger('CallLogMappings'),
    );
  }

  /**
   * The mapping for a call: the exact extension key first, then the key "" (docs/client-contract.md, Call logs).
   * A request that names no extension (key "") finds the session's log whatever its key: an older
   * client logs with `extensionNumber` but looks the call up without it.
   */
  async find(key: CallKey): Promise<CallLogMappingEntity | null> {
    const rows = await this.rows.findBy({
      userId: key.userId,
      sessionId: key.sessionId,
      ...extensionFilter(key.extensionKey),
    });
    return pick(rows, key.extensionKey);
  }

  /** Mappings for many sessions of one user, at most one per session id (as `find` picks). */
  async findMany(userId: string, sessionIds: string[], extensionKey: string) {
    const rows =
      sessionIds.length === 0
        ? []
        : await this.rows.findBy({
            userId,
            sessionId: In(sessionIds),
            ...extensionFilter(extensionKey),
          });
    const bySession = new Map<string, CallLogMappingEntity>();
    for (const sessionId of sessionIds) {
      const row = pick(
        rows.filter((r) => r.sessionId === sessionId),
        extensionKey,
      );
      if (row) bySession.set(sessionId, row);
    }
    return bySession;
  }

  /**
   * Claims a call before its CRM write: inserts a pending row, which the unique key lets only one
   * request do. An expired claim (outcome never recorded) is taken over.
   */
  async claim(key: CallKey, contactId: string, now = new Date()): Promise<ClaimResult> {
    // Without an extension, the unique key alone decides: try the insert first (a new call, the
    // usual case, costs one statement) and look only when the row exists.
    if (key.extensionKey === '') {
      const claimed = await this.insertClaim(key, contactId, now);
      if (claimed) return claimed;
    }
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // Only the exact key or "": another extension's log of the session is not this call's.
      const existing = pick(
        await this.rows.findBy({
          userId: key.userId,
          sessionId: key.sessionId,
          extensionKey: In(unique([key.extensionKey, ''])),
        }),
        key.extensionKey,
      );
      if (existing?.status === 'logged') return { kind: 'logged', logId: existing.crmLogId ?? '' };
      if (!existing || existing.extensionKey !== key.extensionKey) {
        const claimed = await this.insertClaim(key, contactId, now);
        if (claimed) return claimed;
        continue;
      }
      if (existing.claimExpiresAt && existing.claimExpiresAt > now) return { kind: 'busy' };
      const token = await this.claims.take(
        { id: existing.id, status: 'pending' },
        { now, set: { contactId } },
      );
      return token ? { kind: 'claimed', id: existing.id, token } : { kind: 'busy' };
    }
    return { kind: 'busy' };
  }

  /** A new pending row for the call; null when the unique key says another request got there. */
  private async insertClaim(
    key: CallKey,
    contactId: string,
    now: Date,
  ): Promise<(ClaimResult & { kind: 'claimed' }) | null> {
    const id = randomUUID();
    const token = await this.claims.insert(
      { id, ...key, status: 'pending', crmLogId: null, contactId },
      { now },
    );
    return token ? { kind: 'claimed', id, token } : null;
  }

  /**
   * Records the CRM activity for a claim and ends it. The CRM write already happened, so a failure
   * is retried and, if it persists, logged with the CRM id for reconciliation.
   */
  async complete(claim: { id: string; token: string }, crmLogId: string): Promise<void> {
    await this.claims.complete(
      { id: claim.id },
      claim.token,
      { status: 'logged', crmLogId },
      { crmLogId, subject: `call mapping ${claim.id}` },
    );
  }

  /** Gives a claim up after a failed CRM write, so a retry can proceed. */
  async release(claim: { id: string; token: string }): Promise<void> {
    await this.claims.release({ id: claim.id, status: 'pending' }, claim.token, { remove: true });
  }
}

/** The exact key, then "", then (for a request that names no extension) the oldest row, ties by id. */
function pick(rows: CallLogMappingEntity[], extensionKey: string): CallLogMappingEntity | null {
  const oldest = [...rows].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  )[0];
  return (
    rows.find((r) => r.extensionKey === extensionKey) ??
    rows.find((r) => r.extensionKey === '') ??
    (extensionKey === '' ? (oldest ?? null) : null)
  );
}

/** The rows a lookup considers: every extension's when the request names none. */
const extensionFilter = (extensionKey: string) =>
  extensionKey === '' ? {} : { extensionKey: In([extensionKey, '']) };

const unique = (values: string[]) => [...new Set(values)];
