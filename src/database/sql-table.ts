import { QueryFailedError, type ObjectLiteral, type Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

type Dialect = 'sqlite' | 'mysql' | 'postgres';

interface SqliteStatement {
  readonly reader: boolean;
  run(...params: unknown[]): { changes: number };
  all(...params: unknown[]): Record<string, unknown>[];
}

interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

type Callback<T> = (error: Error | null, result: T) => void;

interface MysqlConnection {
  execute(sql: string, params: unknown[], done: Callback<unknown>): void;
  release(): void;
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{
    rowCount: number | null;
    rows: Record<string, unknown>[];
  }>;
}

interface DriverInternals {
  databaseConnection?: SqliteDatabase;
  obtainMasterConnection(): Promise<unknown>;
  escape(name: string): string;
  preparePersistentValue(value: unknown, column: ColumnMetadata): unknown;
  prepareHydratedValue(value: unknown, column: ColumnMetadata): unknown;
}

/** Statement texts of every table, so PostgreSQL names each prepared text once per process. */
const pgNames = new Map<string, string>();
const sqliteStatements = new WeakMap<SqliteDatabase, Map<string, SqliteStatement>>();

/**
 * One table through prepared statements on the driver itself (better-sqlite3, mysql2's execute,
 * pg's named statements), for the hot claims: callers give SQL text built once per shape, no query
 * builder runs per call. Values are converted as TypeORM converts them for the column; a failure
 * is a QueryFailedError around the driver's error, as TypeORM throws.
 */
export class SqlTable<E extends ObjectLiteral> {
  readonly name: string;
  /** The escaped update-date column, which TypeORM sets on every update. */
  readonly updatedAt: string | undefined;
  private readonly dialect: Dialect;
  private readonly driver: DriverInternals;
  private readonly columns = new Map<string, ColumnMetadata>();
  private readonly prototype: object;
  private readonly texts = new Map<string, string>();

  constructor(repository: Repository<E>) {
    const { metadata } = repository;
    const type = repository.manager.connection.options.type;
    this.dialect =
      type === 'better-sqlite3' ? 'sqlite' : type === 'postgres' ? 'postgres' : 'mysql';
    if (!['better-sqlite3', 'postgres', 'mysql', 'mariadb'].includes(type)) {
      throw new Error(`SqlTable does not support database type ${type}`);
    }
    this.driver = repository.manager.connection.driver as unknown as DriverInternals;
    this.name = this.driver.escape(metadata.tableName);
    for (const column of metadata.columns) this.columns.set(column.propertyName, column);
    this.updatedAt = metadata.updateDateColumn
      ? this.driver.escape(metadata.updateDateColumn.databaseName)
      : undefined;
    this.prototype = (metadata.target as { prototype: object }).prototype;
  }

  /** The escaped column name of a property. */
  column(property: string): string {
    return this.driver.escape(this.metadataOf(property).databaseName);
  }

  /** The value as TypeORM would bind it for this property's column. */
  value(property: string, value: unknown): unknown {
    return value === null
      ? null
      : this.driver.preparePersistentValue(value, this.metadataOf(property));
  }

  /** The SQL of a statement shape, built once: `build` gets the placeholder of the n-th value. */
  sql(shape: string, build: (param: (index: number) => string) => string): string {
    let text = this.texts.get(shape);
    if (text === undefined) {
      const param = this.dialect === 'postgres' ? (i: number) => `$${i + 1}` : () => '?';
      text = build(param);
      this.texts.set(shape, text);
    }
    return text;
  }

  /** Runs an INSERT, UPDATE or DELETE; the number of rows it changed. */
  async run(sql: string, params: unknown[]): Promise<number> {
    try {
      if (this.dialect === 'sqlite') return this.sqlite(sql).run(...params).changes;
      if (this.dialect === 'mysql') {
        return ((await this.mysql(sql, params)) as { affectedRows: number }).affectedRows;
      }
      return (await this.postgres(sql, params)).rowCount ?? 0;
    } catch (error) {
      throw new QueryFailedError(sql, params, error as Error);
    }
  }

  /** Runs a SELECT of whole rows (`SELECT *`), hydrated as TypeORM hydrates the entity. */
  async all(sql: string, params: unknown[]): Promise<E[]> {
    let rows: Record<string, unknown>[];
    try {
      if (this.dialect === 'sqlite') rows = this.sqlite(sql).all(...params);
      else if (this.dialect === 'mysql') rows = (await this.mysql(sql, params)) as typeof rows;
      else rows = (await this.postgres(sql, params)).rows;
    } catch (error) {
      throw new QueryFailedError(sql, params, error as Error);
    }
    return rows.map((row) => this.hydrate(row));
  }

  private metadataOf(property: string): ColumnMetadata {
    const column = this.columns.get(property);
    if (!column) throw new Error(`${this.name} has no column for property ${property}`);
    return column;
  }

  private hydrate(row: Record<string, unknown>): E {
    const entity = Object.create(this.prototype) as Record<string, unknown>;
    for (const column of this.columns.values()) {
      entity[column.propertyName] = this.driver.prepareHydratedValue(
        row[column.databaseName],
        column,
      );
    }
    return entity as E;
  }

  private sqlite(sql: string): SqliteStatement {
    const db = this.driver.databaseConnection!;
    let statements = sqliteStatements.get(db);
    if (!statements) sqliteStatements.set(db, (statements = new Map()));
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  }

  private async mysql(sql: string, params: unknown[]): Promise<unknown> {
    const connection = (await this.driver.obtainMasterConnection()) as MysqlConnection;
    try {
      return await new Promise((resolve, reject) =>
        connection.execute(sql, params, (error, result) =>
          error ? reject(error) : resolve(result),
        ),
      );
    } finally {
      connection.release();
    }
  }

  private async postgres(sql: string, params: unknown[]) {
    const [client, release] = (await this.driver.obtainMasterConnection()) as [
      PgClient,
      (error?: unknown) => void,
    ];
    let name = pgNames.get(sql);
    if (name === undefined) pgNames.set(sql, (name = `crm_bridge_${pgNames.size + 1}`));
    try {
      const result = await client.query({ name, text: sql, values: params });
      release();
      return result;
    } catch (error) {
      // A statement's own error (it has an SQLSTATE) leaves the connection usable; others do not.
      const code = (error as { code?: unknown }).code;
      release(typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? undefined : error);
      throw error;
    }
  }
}
