import type { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ObjectLiteral, Repository } from 'typeorm';
import { SqlTable } from '../sql-table.js';
import { isUniqueViolation } from '../unique-violation.js';

export interface ClaimColumns<E> {
  token: keyof E & string;
  expiresAt: keyof E & string;
}

/** Columns a claim statement selects its row by, each compared for equality. */
export type ClaimWhere<E> = Partial<E>;

export class ClaimTakenOverError extends Error {
  constructor() {
    super('the claim was taken over before it completed');
    this.name = 'ClaimTakenOverError';
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A statement's columns and values, without the undefined ones (TypeORM leaves those out too). */
function defined<E>(values: Partial<E>): [string, unknown][] {
  return Object.entries(values).filter(([, value]) => value !== undefined);
}

/**
 * Claims in rows, written only by single conditional statements whose row count says who won.
 * Each statement is prepared SQL on the driver (SqlTable), built once per shape of its columns.
 */
export class ClaimStore<E extends ObjectLiteral> {
  private readonly table: SqlTable<E>;

  constructor(
    rows: Repository<E>,
    private readonly columns: ClaimColumns<E>,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {
    this.table = new SqlTable(rows);
  }

  async insert(row: Partial<E>, options: TakeOptions = {}): Promise<string | null> {
    const { token, held } = this.held(options);
    const values = defined({ ...row, ...held });
    const names = values.map(([name]) => name);
    const sql = this.table.sql(
      `insert:${names.join(',')}`,
      (param) =>
        `INSERT INTO ${this.table.name} (${names.map((name) => this.table.column(name)).join(', ')}) ` +
        `VALUES (${names.map((_, i) => param(i)).join(', ')})`,
    );
    try {
      await this.table.run(sql, this.params(values));
      return token;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return null;
    }
  }

  async take(
    where: ClaimWhere<E>,
    options: TakeOptions & { free?: boolean; set?: Partial<E> } = {},
  ): Promise<string | null> {
    const { token, held } = this.held(options);
    const now = options.now ?? new Date();
    const set = defined({ ...options.set, ...held });
    const match = defined(where);
    const { token: tokenColumn, expiresAt } = this.columns;
    const sql = this.table.sql(
      `take:${options.free ? 'free' : 'expired'}:${set.map(([n]) => n).join(',')}:${match.map(([n]) => n).join(',')}`,
      (param) => {
        const expired = `${this.table.column(expiresAt)} <= ${param(set.length + match.length)}`;
        return (
          `UPDATE ${this.table.name} SET ${this.assignments(set, param)} ` +
          `WHERE ${this.conditions(match, param, set.length)} AND ` +
          (options.free ? `(${this.table.column(tokenColumn)} IS NULL OR ${expired})` : expired)
        );
      },
    );
    const taken = await this.table.run(sql, [
      ...this.params(set),
      ...this.params(match),
      this.table.value(expiresAt, now),
    ]);
    return taken === 1 ? token : null;
  }

  /** The CRM write already happened: a failure to record it is retried, then logged. */
  async complete(
    where: ClaimWhere<E>,
    token: string,
    outcome: Partial<E>,
    reconcile: { crmLogId: string; subject: string; keepClaim?: boolean },
  ): Promise<void> {
    const changes = reconcile.keepClaim ? outcome : { ...outcome, ...this.cleared() };
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        if ((await this.updateHeld(where, token, changes)) === 1) return;
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
    where: ClaimWhere<E>,
    token: string,
    options: { remove?: boolean } = {},
  ): Promise<boolean> {
    if (!options.remove) return (await this.updateHeld(where, token, this.cleared())) === 1;
    const match = defined(this.holding(where, token));
    const sql = this.table.sql(
      `delete:${match.map(([n]) => n).join(',')}`,
      (param) => `DELETE FROM ${this.table.name} WHERE ${this.conditions(match, param, 0)}`,
    );
    return (await this.table.run(sql, this.params(match))) === 1;
  }

  /** Sets `changes` on the row while `token` still holds it; the number of rows changed. */
  private updateHeld(where: ClaimWhere<E>, token: string, changes: Partial<E>): Promise<number> {
    const set = defined(changes);
    const match = defined(this.holding(where, token));
    const sql = this.table.sql(
      `update:${set.map(([n]) => n).join(',')}:${match.map(([n]) => n).join(',')}`,
      (param) =>
        `UPDATE ${this.table.name} SET ${this.assignments(set, param)} ` +
        `WHERE ${this.conditions(match, param, set.length)}`,
    );
    return this.table.run(sql, [...this.params(set), ...this.params(match)]);
  }

  /** `a = ?, b = ?`, and the update date TypeORM would set; null values are bound as NULL. */
  private assignments(set: [string, unknown][], param: (index: number) => string): string {
    const parts = set.map(([name], i) => `${this.table.column(name)} = ${param(i)}`);
    if (this.table.updatedAt) parts.push(`${this.table.updatedAt} = CURRENT_TIMESTAMP`);
    return parts.join(', ');
  }

  private conditions(
    match: [string, unknown][],
    param: (index: number) => string,
    offset: number,
  ): string {
    return match
      .map(([name], i) => `${this.table.column(name)} = ${param(offset + i)}`)
      .join(' AND ');
  }

  private params(values: [string, unknown][]): unknown[] {
    return values.map(([name, value]) => this.table.value(name, value));
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

  private holding(where: ClaimWhere<E>, token: string): ClaimWhere<E> {
    return { ...where, [this.columns.token]: token } as ClaimWhere<E>;
  }
}

export interface TakeOptions {
  now?: Date;
  ttlMs?: number;
}
