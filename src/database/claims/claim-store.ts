import type { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  IsNull,
  LessThanOrEqual,
  type FindOptionsWhere,
  type ObjectLiteral,
  type QueryDeepPartialEntity,
  type Repository,
} from 'typeorm';
import { isUniqueViolation } from '../unique-violation.js';

export interface ClaimColumns<E> {
  token: keyof E & string;
  expiresAt: keyof E & string;
}

export class ClaimTakenOverError extends Error {
  constructor() {
    super('the claim was taken over before it completed');
    this.name = 'ClaimTakenOverError';
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims in rows, written only by single conditional statements whose row count says who won. */
export class ClaimStore<E extends ObjectLiteral> {
  constructor(
    private readonly rows: Repository<E>,
    private readonly columns: ClaimColumns<E>,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  async insert(row: Partial<E>, options: TakeOptions = {}): Promise<string | null> {
    const { token, held } = this.held(options);
    try {
      await this.rows.insert({ ...row, ...held } as QueryDeepPartialEntity<E>);
      return token;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return null;
    }
  }

  async take(
    where: FindOptionsWhere<E>,
    options: TakeOptions & { free?: boolean; set?: Partial<E> } = {},
  ): Promise<string | null> {
    const { token, held } = this.held(options);
    const now = options.now ?? new Date();
    const expired = { ...where, [this.columns.expiresAt]: LessThanOrEqual(now) };
    const criteria = options.free
      ? [{ ...where, [this.columns.token]: IsNull() }, expired]
      : expired;
    const taken = await this.rows.update(
      criteria as FindOptionsWhere<E>[],
      { ...options.set, ...held } as QueryDeepPartialEntity<E>,
    );
    return taken.affected === 1 ? token : null;
  }

  /** The CRM write already happened: a failure to record it is retried, then logged. */
  async complete(
    where: FindOptionsWhere<E>,
    token: string,
    outcome: Partial<E>,
    reconcile: { crmLogId: string; subject: string; keepClaim?: boolean },
  ): Promise<void> {
    const changes = reconcile.keepClaim ? outcome : { ...outcome, ...this.cleared() };
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const result = await this.rows.update(
          this.holding(where, token),
          changes as QueryDeepPartialEntity<E>,
        );
        if (result.affected === 1) return;
        lastError = new ClaimTakenOverError();
        break;
      } catch (error) {
        lastError = error;
        await pause(50 * (attempt + 1));
      }
    }
    this.logger.error(
      `RECONCILE: CRM activity ${reconcile.crmLogId} was created for ${reconcile.subject} but could not be recorded: ${
        lastError instanceof Error ? lastError.message : String(lastError)
      }`,
    );
    throw lastError;
  }

  async release(
    where: FindOptionsWhere<E>,
    token: string,
    options: { remove?: boolean } = {},
  ): Promise<boolean> {
    const result = options.remove
      ? await this.rows.delete(this.holding(where, token))
      : await this.rows.update(
          this.holding(where, token),
          this.cleared() as QueryDeepPartialEntity<E>,
        );
    return result.affected === 1;
  }

  private held(options: TakeOptions) {
    const token = randomUUID();
    const now = options.now ?? new Date();
    const expiresAt = new Date(now.getTime() + (options.ttlMs ?? this.ttlMs));
    return {
      token,
      held: { [this.columns.token]: token, [this.columns.expiresAt]: expiresAt } as Partial<E>,
    };
  }

  private cleared(): Partial<E> {
    return { [this.columns.token]: null, [this.columns.expiresAt]: null } as Partial<E>;
  }

  private holding(where: FindOptionsWhere<E>, token: string): FindOptionsWhere<E> {
    return { ...where, [this.columns.token]: token } as FindOptionsWhere<E>;
  }
}

export interface TakeOptions {
  now?: Date;
  ttlMs?: number;
}
