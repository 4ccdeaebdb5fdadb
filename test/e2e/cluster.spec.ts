import { once } from 'node:events';
import http from 'node:http';
import { startSampleCrm, type RunningSampleCrm } from '../../examples/sample-crm/sample-crm.js';
import {
  buildServer,
  sharedSecrets,
  startBridgeProcess,
  stopBridgeProcess,
  type BridgeProcess,
} from '../support/bridge-processes.js';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../support/test-database.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pids the primary has logged as listening workers, in order. */
function listeningWorkers(output: string): number[] {
  return [...output.matchAll(/Worker (\d+) is listening/g)].map((match) => Number(match[1]));
}

/** GET /isAlive on a new connection (a pooled one may belong to a worker that died). */
function alive(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    http
      .get(`${url}/isAlive`, { agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      })
      .on('error', () => resolve(false));
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await pause(100);
  }
}

/**
 * `npm run start:cluster` as built (dist/src/cluster.js) with WORKERS=2: two workers serve one
 * port, a killed worker is replaced while the other keeps answering, and SIGTERM ends them all.
 */
describe(`cluster of two workers on ${testDatabaseKind()}`, () => {
  let crm: RunningSampleCrm;
  let db: TestDatabase;
  let cluster: BridgeProcess;

  beforeAll(async () => {
    buildServer();
    crm = await startSampleCrm();
    db = await createTestDatabase();
    cluster = await startBridgeProcess(
      {
        ...sharedSecrets(),
        DATABASE_URL: db.url,
        SAMPLE_CRM_URL: crm.url,
        PUBLIC_URL: 'http://crm-bridge.test',
        LOG_LEVEL: 'log',
        WORKERS: '2',
      },
      'dist/src/cluster.js',
    );
    await until(() => listeningWorkers(cluster.output()).length >= 2, 30_000, 'two workers');
  }, 120_000);
  afterAll(async () => {
    if (cluster) await stopBridgeProcess(cluster);
    await crm?.close();
    await db?.drop();
  });

  it('replaces a worker that dies while the other keeps answering, and stops all on SIGTERM', async () => {
    const [first, second] = listeningWorkers(cluster.output());
    expect(first).not.toBe(second);
    expect([first, second].every(isRunning)).toBe(true);

    process.kill(first, 'SIGKILL');
    let answered = 0;
    await until(
      () => {
        void alive(cluster.url).then((ok) => ok && (answered += 1));
        return listeningWorkers(cluster.output()).length >= 3;
      },
      20_000,
      'a replacement worker',
    );
    expect(answered).toBeGreaterThan(0);
    expect(cluster.output()).toContain(`Worker ${first} exited (signal SIGKILL)`);
    const replacement = listeningWorkers(cluster.output())[2];
    expect([first, second]).not.toContain(replacement);
    for (let i = 0; i < 6; i += 1) expect(await alive(cluster.url)).toBe(true);

    const exited = once(cluster.child, 'exit');
    cluster.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(isRunning(second)).toBe(false);
    expect(isRunning(replacement)).toBe(false);
    expect(cluster.output()).toContain('All workers stopped');
    expect(cluster.output()).not.toContain('"level":"error"');
  }, 60_000);

  it("writes JSON lines only, each worker's naming it", () => {
    const records = cluster
      .output()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const started = records.filter((r) => r.context === 'Bootstrap');
    expect(started).toHaveLength(3);
    for (const line of started) {
      expect(line).toMatchObject({ worker: expect.any(Number), pid: expect.any(Number) });
    }
    expect(new Set(started.map((r) => r.worker)).size).toBe(3);
    const pids = (list: unknown[]) => [...list].sort();
    expect(pids(started.map((r) => r.pid))).toEqual(pids(listeningWorkers(cluster.output())));
  });
});
