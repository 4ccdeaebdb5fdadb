import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import { CalldownEntryEntity } from './calldown-entry.entity.js';
import type { CreateCalldownDto } from './dto/create-calldown.dto.js';
import type { UpdateCalldownDto } from './dto/update-calldown.dto.js';

/** The official document has no paging: a user keeps at most this many entries, all listed. */
export const MAX_CALLDOWN_ENTRIES = 1000;

const NOT_CALLED = ['not called', 'not_called', 'notcalled'];
const EDITABLE = [
  'contactId',
  'contactType',
  'contactName',
  'phoneNumber',
  'note',
  'scheduledAt',
  'status',
  'lastCallAt',
] as const satisfies readonly (keyof UpdateCalldownDto)[];

export interface CalldownEntryReply {
  id: string;
  contactId: string | null;
  contactType: string | null;
  contactName: string | null;
  phoneNumber: string | null;
  note: string | null;
  status: string;
  scheduledAt: Date | null;
  lastCallAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Each user's own call-back list; an entry of another user is answered as missing. */
@Injectable()
export class CalldownService {
  constructor(
    @InjectRepository(CalldownEntryEntity)
    private readonly entries: Repository<CalldownEntryEntity>,
  ) {}

  /** The user's entries by schedule (unscheduled last), filtered as GET /calldown's `status` says. */
  async list(userId: string, status?: string): Promise<CalldownEntryReply[]> {
    const filter = (status ?? '').trim().toLowerCase();
    const query = this.entries
      .createQueryBuilder('e')
      .where('e.userId = :userId', { userId })
      // NULLs sort first on SQLite and MySQL but last on PostgreSQL: say which.
      .addSelect('CASE WHEN e.scheduled_at IS NULL THEN 1 ELSE 0 END', 'unscheduled')
      .orderBy('unscheduled', 'ASC')
      .addOrderBy('e.scheduledAt', 'ASC')
      .addOrderBy('e.createdAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(MAX_CALLDOWN_ENTRIES);
    if (filter === 'called') query.andWhere('e.status = :status', { status: 'called' });
    else if (NOT_CALLED.includes(filter)) {
      query.andWhere('e.status <> :status', { status: 'called' });
    }
    return (await query.getMany()).map(toReply);
  }

  async schedule(userId: string, body: CreateCalldownDto): Promise<string> {
    if (!body.contactId && !body.phoneNumber) {
      throw AppError.invalidRequest('contactId or phoneNumber is required');
    }
    if ((await this.entries.countBy({ userId })) >= MAX_CALLDOWN_ENTRIES) {
      throw AppError.invalidRequest(
        `at most ${MAX_CALLDOWN_ENTRIES} call-down entries per user; delete some first`,
      );
    }
    const id = randomUUID();
    await this.entries.insert({
      id,
      userId,
      contactId: body.contactId ?? null,
      contactType: body.contactType ?? 'contact',
      contactName: body.contactName ?? null,
      phoneNumber: body.phoneNumber ?? null,
      note: body.note ?? null,
      status: 'scheduled',
      scheduledAt: body.scheduledAt ?? null,
      lastCallAt: null,
    });
    return id;
  }

  /** Marking an entry called without a lastCallAt records now as the call time. */
  async update(userId: string, id: string, body: UpdateCalldownDto, now = new Date()) {
    const changes: Partial<CalldownEntryEntity> = {};
    for (const field of EDITABLE) {
      if (body[field] !== undefined) Object.assign(changes, { [field]: body[field] });
    }
    if (Object.keys(changes).length === 0) {
      throw AppError.invalidRequest(`nothing to update: send one of ${EDITABLE.join(', ')}`);
    }
    if (changes.status === 'called' && body.lastCallAt === undefined) changes.lastCallAt = now;
    if (!isEntryId(id)) throw notFound();
    const result = await this.entries.update({ id, userId }, { ...changes, updatedAt: now });
    if (!result.affected) throw notFound();
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!isEntryId(id)) throw notFound();
    const result = await this.entries.delete({ id, userId });
    if (!result.affected) throw notFound();
  }
}

const isEntryId = (id: string) => id.length > 0 && id.length <= 36;
const notFound = () => new AppError('RECORD_NOT_FOUND', 'Call-down entry not found');

function toReply(entry: CalldownEntryEntity): CalldownEntryReply {
  return {
    id: entry.id,
    contactId: entry.contactId,
    contactType: entry.contactType,
    contactName: entry.contactName,
    phoneNumber: entry.phoneNumber,
    note: entry.note,
    status: entry.status,
    scheduledAt: entry.scheduledAt,
    lastCallAt: entry.lastCallAt,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
}
