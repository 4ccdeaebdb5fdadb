import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type Repository } from 'typeorm';
import { activityLogsConfig, type ActivityLogsConfig } from '../config/activity-logs.config.js';
import { ClaimStore } from '../database/claims/claim-store.js';
import { SqlTable } from '../database/sql-table.js';
import { CallLogMappingEntity } from './call-log-mapping.entity.js';

/** Default CALL_LOG_CLAIM_TTL_SECONDS: how long a claim whose CRM outcome is unknown is held. */
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

/** Call → CRM activity mappings and their claims; each write is one atomic statement (no transaction). */
@Injectable()
export class CallLogMappingsService {
  private readonly claims: ClaimStore<CallLogMappingEntity>;
  private readonly table: SqlTable<CallLogMappingEntity>;

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
    this.table = new SqlTable(rows);
  }

  /** Exact key, then ""; key "" finds any (older clients log with extensionNumber, look up without). */
  async find(key: CallKey): Promise<CallLogMappingEntity | null> {
    return pick(
      await this.rowsOf(key, key.extensionKey === '' ? [] : [key.extensionKey, '']),
      key.extensionKey,
    );
  }

  /** The call's rows, all of them or those of `extensionKeys`: a prepared statement per shape. */
  private rowsOf(key: CallKey, extensionKeys: string[]): Promise<CallLogMappingEntity[]> {
    const t = this.table;
    const sql = t.sql(`rows:${extensionKeys.length}`, (param) => {
      const inList = extensionKeys.map((_, i) => param(2 + i)).join(', ');
      return (
        `SELECT * FROM ${t.name} WHERE ${t.column('userId')} = ${param(0)} AND ${t.column('sessionId')} = ${param(1)}` +
        (extensionKeys.length === 0 ? '' : ` AND ${t.column('extensionKey')} IN (${inList})`)
      );
    });
    return t.all(sql, [key.userId, key.sessionId, ...extensionKeys]);
  }

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

  /** A pending row before the CRM write (the unique key admits one); an expired claim is taken over. */
  async claim(key: CallKey, contactId: string, now = new Date()): Promise<ClaimResult> {
    // No extension: the unique key alone decides, so insert first (one statement for a new call).
    if (key.extensionKey === '') {
      const claimed = await this.insertClaim(key, contactId, now);
      if (claimed) return claimed;
    }
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // Only the exact key or "": another extension's log of the session is not this call's.
      const existing = pick(
        await this.rowsOf(key, unique([key.extensionKey, ''])),
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

  /** The CRM write already happened: a failure is retried, then logged with the id to reconcile. */
  async complete(claim: { id: string; token: string }, crmLogId: string): Promise<void> {
    await this.claims.complete(
      { id: claim.id },
      claim.token,
      { status: 'logged', crmLogId },
      { crmLogId, subject: `call mapping ${claim.id}` },
    );
  }

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

const extensionFilter = (extensionKey: string) =>
  extensionKey === '' ? {} : { extensionKey: In([extensionKey, '']) };

const unique = (values: string[]) => [...new Set(values)];
