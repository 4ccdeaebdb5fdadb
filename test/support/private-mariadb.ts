import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

/** A throwaway MariaDB server this test owns: stop it, start it again, never the shared one. */
export interface PrivateMariaDb {
  port: number;
  /** A DATABASE_URL for `database` on this server. */
  url(database: string): string;
  /** Kills the server (SIGKILL: a crash) or shuts it down (SIGTERM) and waits until it is gone. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Starts it again on the same port and data, and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

const SERVER_CANDIDATES = ['/usr/sbin/mariadbd', '/usr/bin/mariadbd', '/usr/sbin/mysqld'];
const INSTALL_CANDIDATES = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'];

/** Where the MariaDB server and its installer are, or why a private server cannot run here. */
export function findMariaDbBinaries(): { server: string; install: string } | { missing: string } {
  const server = SERVER_CANDIDATES.find((file) => fs.existsSync(file));
  const install = INSTALL_CANDIDATES.find((file) => fs.existsSync(file));
  if (!server || !install) {
    return { missing: `no MariaDB server binaries (looked for ${SERVER_CANDIDATES[0]})` };
  }
  return { server, install };
}

/**
 * Creates a data directory with mariadb-install-db and runs `mariadbd` on a free loopback port,
 * root without a password over TCP. Small buffers: it holds a few test rows.
 */
export async function startPrivateMariaDb(): Promise<PrivateMariaDb> {
  const binaries = findMariaDbBinaries();
  if ('missing' in binaries) throw new Error(`cannot start a private MariaDB: ${binaries.missing}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bridge-mariadb-'));
  const dataDir = path.join(dir, 'data');
  // mariadbd refuses to run as root unless told to.
  const asUser = process.getuid?.() === 0 ? ['--user=root'] : [];
  const sizing = ['--innodb-log-file-size=4M', '--innodb-buffer-pool-size=16M'];
  const installed = spawnSync(
    binaries.install,
    [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...asUser,
      ...sizing,
    ],
    { encoding: 'utf8' },
  );
  if (installed.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed: ${installed.stderr || installed.stdout}`);
  }
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(
      binaries.server,
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(dir, 'mariadb.sock')}`,
        `--pid-file=${path.join(dir, 'mariadb.pid')}`,
        `--log-error=${path.join(dir, 'error.log')}`,
        '--skip-name-resolve',
        '--skip-log-bin',
        ...asUser,
        ...sizing,
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code) =>
        reject(new Error(`mariadbd exited (${code}): ${tail(path.join(dir, 'error.log'))}`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([untilAccepting(port), exited]);
  };

  const stop = async (signal: 'SIGKILL' | 'SIGTERM') => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await gone;
  };

  await start();
  return {
    port,
    url: (database) => `mysql://root@127.0.0.1:${port}/${database}`,
    stop,
    start,
    destroy: async () => {
      await stop('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a database on the private server. */
export async function createDatabase(db: PrivateMariaDb, name: string): Promise<void> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: db.port, user: 'root' });
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
}

async function untilAccepting(port: number, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      await conn.query('SELECT 1');
      await conn.end();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The last lines of a server's log file, for an error message. */
export function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-5).join('\n');
  } catch {
    return '(no error log)';
  }
}
