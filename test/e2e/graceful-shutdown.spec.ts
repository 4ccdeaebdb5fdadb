import { once } from 'node:events';
import http from 'node:http';
import request from 'supertest';
import { startSampleCrm, type RunningSampleCrm } from '../../examples/sample-crm/sample-crm.js';
import {
  buildServer,
  sharedSecrets,
  startBridgeProcess,
  stopBridgeProcess,
  type BridgeProcess,
} from '../support/bridge-processes.js';
import { callLogBody, loginWithApiKey } from '../support/factories.js';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../support/test-database.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A GET on a new connection (no keep-alive pool): resolves the status, or the connect error code. */
function freshGet(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/**
 * SIGTERM to a real crm-bridge process while requests are in flight (the sample CRM holds them):
 * they get their normal answers, the database stays open until they are done, new connections are
 * refused, and the process exits 0 without an error line.
 */
describe(`graceful shutdown on ${testDatabaseKind()}`, () => {
  let crm: RunningSampleCrm;
  let db: TestDatabase;
  let bridge: BridgeProcess;

  beforeAll(async () => {
    buildServer();
    crm = await startSampleCrm();
    db = await createTestDatabase();
  }, 120_000);
  // Every test ends the process it stops.
  beforeEach(async () => {
    bridge = await startBridgeProcess({
      ...sharedSecrets(),
      DATABASE_URL: db.url,
      SAMPLE_CRM_URL: crm.url,
      PUBLIC_URL: 'http://crm-bridge.test',
      LOG_LEVEL: 'log',
      SHUTDOWN_GRACE_MS: '10000',
    });
  }, 60_000);
  afterEach(async () => {
    if (bridge) await stopBridgeProcess(bridge);
    crm.faults.clear();
  });
  afterAll(async () => {
    await crm?.close();
    await db?.drop();
  });

  it('finishes the requests in flight, refuses new connections, then exits 0', async () => {
    const token = await loginWithApiKey(request(bridge.url), 'alice');
    // The first CRM request of each kind is held (the lookup then tries its other number formats).
    crm.faults.set('GET /api/contacts', { latencyMs: 1500, failNext: 1 });
    crm.faults.set('POST /api/activities', { latencyMs: 1500, failNext: 1 });
    const lookup = fetch(`${bridge.url}/contact?jwtToken=${token}&phoneNumber=+14155550100`);
    // The call log is written to the database after the CRM answers: the pool must still be open.
    const logged = fetch(`${bridge.url}/callLog?jwtToken=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(callLogBody({ sessionId: '777000111' })),
    });
    await pause(400);
    const exited = once(bridge.child, 'exit');
    bridge.child.kill('SIGTERM');
    await pause(300);
    expect(await freshGet(`${bridge.url}/isAlive`)).toBe('ECONNREFUSED');

    const contact = await lookup;
    expect(contact.status).toBe(200);
    expect(contact.headers.get('connection')).toBe('close');
    const found = (await contact.json()) as { successful: boolean; contact: { name: string }[] };
    expect(found.successful).toBe(true);
    expect(found.contact[0].name).toBe('Jane Doe');
    const log = await logged;
    expect(log.status).toBe(200);
    expect(((await log.json()) as { successful: boolean; logId: string }).successful).toBe(true);
    expect(crm.store.activities.filter((a) => a.externalId === '777000111')).toHaveLength(1);

    const [code, signal] = (await exited) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    const output = bridge.output();
    expect(output).toContain('Stopping: waiting for 2 request(s) in flight');
    expect(output).not.toContain('"level":"error"');
    expect(output).not.toMatch(/Pool is closed|not established|Unexpected failure/);
  }, 60_000);

  it('lets a handler whose client hung up finish its database writes before the pools close', async () => {
    const token = await loginWithApiKey(request(bridge.url), 'alice');
    crm.faults.set('POST /api/activities', { latencyMs: 1500, failNext: 1 });
    const client = new AbortController();
    const abandoned = fetch(`${bridge.url}/callLog?jwtToken=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(callLogBody({ sessionId: '777000222' })),
      signal: client.signal,
    }).catch((error: Error) => error.name);
    await pause(400);
    client.abort();
    expect(await abandoned).toBe('AbortError');
    const exited = once(bridge.child, 'exit');
    bridge.child.kill('SIGTERM');

    const [code, signal] = (await exited) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(crm.store.activities.filter((a) => a.externalId === '777000222')).toHaveLength(1);
    const output = bridge.output();
    expect(output).toContain('Stopping: waiting for 1 request(s) in flight');
    expect(output).not.toContain('"level":"error"');
    expect(output).not.toMatch(/RECONCILE|not open|Pool is closed|Unexpected failure/);
  }, 60_000);
});
