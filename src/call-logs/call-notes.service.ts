import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import { CallNoteEntity } from './call-note.entity.js';

export const NOTE_TTL_MS = 60 * 60 * 1000;
export const NOTE_MAX_BYTES = 64 * 1024;

/** Notes typed during a call, per (user, session id), for a log that arrives without one. */
@Injectable()
export class CallNotesService {
  constructor(
    @InjectRepository(CallNoteEntity) private readonly notes: Repository<CallNoteEntity>,
  ) {}

  async cache(userId: string, sessionId: string, note: string, now = new Date()): Promise<void> {
    if (Buffer.byteLength(note) > NOTE_MAX_BYTES) {
      throw AppError.invalidRequest('note must be at most 64 KB');
    }
    await this.notes.upsert(
      {
        userId,
        sessionId,
        note,
        expiresAt: new Date(now.getTime() + NOTE_TTL_MS),
        updatedAt: now,
      },
      { conflictPaths: ['userId', 'sessionId'] },
    );
    await this.notes.delete({ expiresAt: LessThan(now) });
  }

  async find(userId: string, sessionId: string, now = new Date()): Promise<string | undefined> {
    const row = await this.notes.findOneBy({ userId, sessionId });
    return row && row.expiresAt > now ? row.note : undefined;
  }
}
