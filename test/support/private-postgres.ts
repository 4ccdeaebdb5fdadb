import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { freePort, tail, type PrivateMariaDb } from './private-mariadb.js';

/** A throwaway PostgreSQL server this test owns, with the same handle as a private MariaDB. */
export type PrivatePostgres = PrivateMariaDb;

/** Debian's layout: /usr/lib/postgresql/<major>/bin, newest first. */
export function findPostgresBinaries(): { bin: string } | { missing: string } {
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root)
    ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))
    : [];
  const major = majors.find((m) => fs.existsSync(path.join(root, m, 'bin', 'initdb')));
  return major
    ? { bin: path.join(root, major, 'bin') }
    : { missing: `no PostgreSQL server binaries (looked in ${root}/<major>/bin)` };
}

/**
 * Creates a cluster with initdb and runs `postgres` on a free loopback port with trust auth for
 * `postgres`. PostgreSQL refuses to run as root, so under root it runs as the `postgres` user.
 * `stop('SIGKILL')` is an immediate shutdown (SIGQUIT): every backend dies at once and the next
 * start recovers from the WAL, as after a crash; a real SIGKILL would leave backends behind.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const binaries = findPostgresBinaries();
  if ('missing' in binaries)
    throw new Error(`cannot start a private PostgreSQL: ${binaries.missing}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bridge-postgres-'));
  const dataDir = path.join(dir, 'data');
  const owner = ownerOptions();
  if (owner.uid !== undefined) fs.chownSync(dir, owner.uid, owner.gid!);
  const installed = spawnSync(
    path.join(binaries.bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'],
    { encoding: 'utf8', ...owner },
  );
  if (installed.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${installed.stderr || installed.stdout}`);
  }
  const port = await freePort();
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let child: ChildProcess | undefined;

  const start = async () => {
    const log = fs.openSync(path.join(dir, 'server.log'), 'a');
    child = spawn(
      path.join(binaries.bin, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${dir}`,
        '-c',
        'fsync=off',
        '-c',
        'shared_buffers=16MB',
      ],
      { stdio: ['ignore', log, log], ...owner },
    );
    fs.closeSync(log);
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code) =>
        reject(new Error(`postgres exited (${code}): ${tail(path.join(dir, 'server.log'))}`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([untilAccepting(url('postgres')), exited]);
  };

  const stop = async (signal: 'SIGKILL' | 'SIGTERM') => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal === 'SIGKILL' ? 'SIGQUIT' : 'SIGTERM');
    await gone;
  };

  await start();
  return {
    port,
    url,
    stop,
    start,
    destroy: async () => {
      await stop('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a database on the private server. */
export async function createPostgresDatabase(db: PrivatePostgres, name: string): Promise<void> {
  const admin = await new DataSource({ type: 'postgres', url: db.url('postgres') }).initialize();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.destroy();
  }
}

/** Under root, the `postgres` user's uid and gid (PostgreSQL will not run as root). */
function ownerOptions(): Pick<SpawnOptions, 'uid' | 'gid'> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function untilAccepting(url: string, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const probe = await new DataSource({ type: 'postgres', url }).initialize();
      await probe.destroy();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
