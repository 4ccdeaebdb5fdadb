import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type Repository } from 'typeorm';
import { isUniqueViolation } from '../database/unique-violation.js';
import { MessageLogEntity } from './message-log.entity.js';

// Well below every driver's limit on bound parameters.
const CHUNK = 500;

export type NewMessageLog = Omit<MessageLogEntity, 'id' | 'userId' | 'createdAt'>;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Which messages a user has logged, and where. */
@Injectable()
export class MessageLogRecordsService {
  private readonly logger = new Logger('MessageLogRecords');

  constructor(
    @InjectRepository(MessageLogEntity) private readonly rows: Repository<MessageLogEntity>,
  ) {}

  async findByKeys(
    userId: string,
    keys: readonly string[],
  ): Promise<Map<string, MessageLogEntity>> {
    const found = new Map<string, MessageLogEntity>();
    for (const part of chunks([...new Set(keys)])) {
      for (const row of await this.rows.findBy({ userId, messageKey: In(part) })) {
        found.set(row.messageKey, row);
      }
    }
    return found;
  }

  async findByMessageIds(
    userId: string,
    messageIds: readonly string[],
  ): Promise<MessageLogEntity[]> {
    const found: MessageLogEntity[] = [];
    for (const part of chunks([...new Set(messageIds)])) {
      found.push(...(await this.rows.findBy({ userId, messageId: In(part) })));
    }
    return found;
  }

  /** The CRM write already happened: a failure is retried, then logged; a first record stays. */
  async record(userId: string, logs: readonly NewMessageLog[]): Promise<void> {
    const rows = logs.map((log) => ({ id: randomUUID(), userId, ...log }));
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await this.insertSkippingDuplicates(rows);
        return;
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
      }
    }
    const activities = [...new Set(logs.map((log) => log.crmLogId))].join(', ');
    this.logger.error(
      `RECONCILE: messages ${logs.map((log) => log.messageId).join(', ')} of user ${userId} were written to CRM activity ${activities} but could not be recorded: ${
        lastError instanceof Error ? lastError.message : String(lastError)
      }`,
    );
    throw lastError;
  }

  private async insertSkippingDuplicates(
    rows: Omit<MessageLogEntity, 'createdAt'>[],
  ): Promise<void> {
    for (const part of chunks(rows)) {
      try {
        await this.rows.insert(part);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        for (const row of part) {
          try {
            await this.rows.insert(row);
          } catch (rowError) {
            if (!isUniqueViolation(rowError)) throw rowError;
          }
        }
      }
    }
  }
}
