import request from 'supertest';
import { startSampleCrm, type RunningSampleCrm } from '../../examples/sample-crm/sample-crm.js';
import {
  buildServer,
  sharedSecrets,
  startBridgeProcess,
  stopBridgeProcess,
  type BridgeProcess,
} from '../support/bridge-processes.js';
import { callLogBody, uniqueSessionId } from '../support/factories.js';
import { loginWithOAuth } from '../support/oauth-login.js';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../support/test-database.js';

// Long enough that the refreshed token outlives the storm on a loaded machine: a second refresh
// after it expired again would be a correct one, and this test would count it as a duplicate.
const ACCESS_TOKEN_TTL = 15;

interface Reply {
  successful: boolean;
  logId?: string;
  contact: { name: string }[];
  returnMessage: { message: string };
}

/**
 * Three crm-bridge processes on loopback sharing one database and one sample CRM, as N stateless
 * instances behind a load balancer: refresh and exactly-once logging must hold across them.
 */
describe(`three instances on one ${testDatabaseKind()} database`, () => {
  let crm: RunningSampleCrm;
  let db: TestDatabase;
  let instances: BridgeProcess[] = [];

  beforeAll(async () => {
    buildServer();
    crm = await startSampleCrm({ countGrants: true, accessTokenTtlSeconds: ACCESS_TOKEN_TTL });
    db = await createTestDatabase();
    const env = {
      ...sharedSecrets(),
      DATABASE_URL: db.url,
      SAMPLE_CRM_URL: crm.url,
      PUBLIC_URL: 'http://crm-bridge.test',
      // Refresh exactly at expiry, so the storm below happens after it.
      TOKEN_REFRESH_MARGIN_SECONDS: '0',
    };
    // Started together: the migrations must run once, under their lock.
    instances = await Promise.all([1, 2, 3].map(() => startBridgeProcess(env)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(instances.map(stopBridgeProcess));
    await crm?.close();
    await db?.drop();
  });

  it('refreshes an expired token exactly once for 100 concurrent requests spread over the instances', async () => {
    const token = await loginWithOAuth(request(instances[0].url), 'alice');
    await new Promise((resolve) => setTimeout(resolve, (ACCESS_TOKEN_TTL + 0.5) * 1000));
    crm.store.resetGrantStats();
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${instances[i % 3].url}/contact?jwtToken=${token}&phoneNumber=+14155550100`).then(
          async (r) => ({
            status: r.status,
            body: (await r.json()) as Reply,
          }),
        ),
      ),
    );
    const failures = replies.filter(
      (r) => r.status !== 200 || !r.body.successful || r.body.contact[0].name !== 'Jane Doe',
    );
    expect(failures).toEqual([]);
    expect(crm.store.grantStats().grants.refresh_token).toBe(1);
    expect(crm.store.grantStats().errors).toEqual({});
  }, 60_000);

  it('logs a call exactly once when 30 requests for it race across the instances', async () => {
    const token = await loginWithOAuth(request(instances[1].url), 'bob');
    const sessionId = uniqueSessionId();
    const body = JSON.stringify(callLogBody({ sessionId }));
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fetch(`${instances[i % 3].url}/callLog?jwtToken=${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).then(async (r) => (await r.json()) as Reply),
      ),
    );
    expect(crm.store.activities.filter((a) => a.externalId === sessionId)).toHaveLength(1);
    expect(replies.filter((r) => r.successful)).toHaveLength(1);
    const logId = replies.find((r) => r.successful)?.logId;
    for (const reply of replies.filter((r) => !r.successful)) {
      expect(reply.returnMessage.message).toMatch(
        /^(Existing log for session|This call is already being logged)/,
      );
      if (reply.logId) expect(reply.logId).toBe(logId);
    }
  }, 60_000);

  it('serializes updates of one call log across instances, so no section is lost', async () => {
    const token = await loginWithOAuth(request(instances[2].url), 'alice');
    const sessionId = uniqueSessionId();
    const created = await fetch(`${instances[0].url}/callLog?jwtToken=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(callLogBody({ sessionId })),
    }).then(async (r) => (await r.json()) as Reply);
    expect(created.successful).toBe(true);
    // The current body is read at once but answered late: a wide window for overlapping updates.
    crm.faults.set('GET /api/activities/:id', { latencyMs: 150, afterHandler: true });
    const patches = [
      { recordingLink: 'https://media.example/recording/1' },
      { aiNote: 'Customer asked for a renewal quote.' },
      { note: 'Quote sent by email.' },
      { transcript: 'Agent: hello. Customer: hi.' },
    ];
    const replies = await Promise.all(
      patches.map((patch, i) =>
        fetch(`${instances[i % 3].url}/callLog?jwtToken=${token}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sessionId, ...patch }),
        }).then(async (r) => (await r.json()) as Reply),
      ),
    );
    crm.faults.clear();
    expect(replies.map((r) => r.successful)).toEqual([true, true, true, true]);
    const body = crm.store.activities.find((a) => a.externalId === sessionId)!.body;
    expect(body).toContain('https://media.example/recording/1');
    expect(body).toContain('Customer asked for a renewal quote.');
    expect(body).toContain('Quote sent by email.');
    expect(body).toContain('Agent: hello. Customer: hi.');
  }, 60_000);
});
