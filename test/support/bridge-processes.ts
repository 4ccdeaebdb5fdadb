import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Compiles the server once per test run (the processes run the built code, as `npm start` does). */
export function buildServer(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface BridgeProcess {
  url: string;
  child: ChildProcess;
  output(): string;
}

/** Secrets every instance of one deployment shares. */
export function sharedSecrets(): Record<string, string> {
  return {
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
    HASH_SECRET: randomBytes(32).toString('base64url'),
  };
}

/**
 * One crm-bridge process on a loopback port, ready when /isAlive answers. `entry`: the built script
 * to run (the server by default; `dist/src/cluster.js` for a cluster).
 */
export async function startBridgeProcess(
  env: Record<string, string>,
  entry = 'dist/src/main.js',
): Promise<BridgeProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bridge-instance-'));
  let log = '';
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  child.once('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`crm-bridge exited early:\n${log}`);
    const alive = await fetch(`${url}/isAlive`).then(
      (r) => r.ok,
      () => false,
    );
    if (alive) return { url, child, output: () => log };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`crm-bridge did not answer /isAlive within 30 s:\n${log}`);
}

export async function stopBridgeProcess(instance: BridgeProcess): Promise<void> {
  if (instance.child.exitCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  await exited;
}
