import type { Response } from 'supertest';
import { CallLogMappingEntity } from '../../src/call-logs/call-log-mapping.entity.js';
import { SERVICE_UNAVAILABLE_MESSAGE } from '../../src/common/errors/app-error.js';
import { callLogBody, uniqueSessionId } from '../support/factories.js';
import type { PrivateMariaDb } from '../support/private-mariadb.js';
import { startPrivateDatabase } from '../support/private-database.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import { testDatabaseKind } from '../support/test-database.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await pause(100);
  }
}

const kind = testDatabaseKind();

/**
 * The database server killed and started again in the middle of traffic, on a private MariaDB or
 * PostgreSQL server this test owns (never the shared one): requests during the outage get the
 * contract's 503, the server recovers by itself, and once the client has retried, every call is
 * logged exactly once with no row left half-written. Skipped on SQLite, which has no server to stop.
 */
(kind !== 'sqlite' ? describe : describe.skip)(
  `the ${kind} database stops and starts under traffic`,
  () => {
    let server: PrivateMariaDb | undefined;
    let t: TestApp;
    let alice: string;

    beforeAll(async () => {
      const started = await startPrivateDatabase(kind as 'mysql' | 'postgres', 'crm_bridge');
      server = started.server;
      ({
        t,
        tokens: { alice },
      } = await startSignedInApp({
        db: started.db,
        // Claims outlive the CRM budget, and are short enough to wait out here.
        env: { CRM_TIMEOUT_MS: '3000', CALL_LOG_CLAIM_TTL_SECONDS: '4' },
        users: ['alice'],
      }));
    }, 60000);
    afterAll(async () => {
      await t?.close();
      await server?.destroy();
    });

    const logCall = (sessionId: string) =>
      t.http.post(`/callLog?jwtToken=${alice}`).send(callLogBody({ sessionId }));
    const rows = () => t.dataSource.getRepository(CallLogMappingEntity);

    it('answers 503 during the outage, recovers by itself, and leaves nothing lost or doubled', async () => {
      // CRM writes take a while, so some are in flight when the database goes away.
      t.crm.faults.set('POST /api/activities', { latencyMs: 400 });
      const answers: Response[] = [];
      const outcome = new Map<string, Response>();
      let running = true;
      const worker = async () => {
        while (running) {
          const sessionId = uniqueSessionId();
          const logged = await logCall(sessionId);
          outcome.set(sessionId, logged);
          answers.push(logged);
          answers.push(await t.http.get(`/contact?jwtToken=${alice}&phoneNumber=+14155550100`));
          await pause(50);
        }
      };
      const workers = Array.from({ length: 3 }, worker);
      /** Index of the first answer after the database was back. */
      const marks = { restarted: 0 };
      try {
        await pause(500);
        // Three writes whose claims are stored and whose CRM write is under way...
        const inFlight = Array.from({ length: 3 }, () => uniqueSessionId());
        // (A supertest request starts when awaited.)
        const inFlightAnswers = inFlight.map(async (sessionId) => await logCall(sessionId));
        await until(
          async () =>
            (
              await Promise.all(
                inFlight.map((sessionId) => rows().findOneBy({ sessionId, status: 'pending' })),
              )
            ).every(Boolean),
          5000,
        );
        // ...when the database is killed.
        await server!.stop('SIGKILL');
        for (const [i, answer] of (await Promise.all(inFlightAnswers)).entries()) {
          outcome.set(inFlight[i], answer);
          answers.push(answer);
          // The CRM stored the activity, but it could not be recorded: 503, the client retries.
          expect(answer.status).toBe(503);
          expect(t.crm.store.activities.filter((a) => a.externalId === inFlight[i])).toHaveLength(
            1,
          );
        }
        await pause(1000);

        await server!.start();
        marks.restarted = answers.length;
        // Recovers by itself: the same session token works again, no restart of crm-bridge.
        await until(
          async () => (await t.http.get(`/user/settings?jwtToken=${alice}`)).status === 200,
          20000,
        );
        await pause(500);
      } finally {
        running = false;
        await Promise.allSettled(workers);
        t.crm.faults.clear();
      }

      // Nothing but normal answers and the contract's 503.
      expect(answers.filter((answer) => answer.status === 503).length).toBeGreaterThan(3);
      expect(answers.slice(marks.restarted).some((answer) => answer.status === 200)).toBe(true);
      for (const answer of answers) {
        expect([200, 503]).toContain(answer.status);
        if (answer.status !== 503) continue;
        expect(answer.headers['content-type']).toMatch(/^text\/plain/);
        expect(answer.headers['retry-after']).toBe('5');
        expect(answer.text).toBe(SERVICE_UNAVAILABLE_MESSAGE);
      }

      // The client retries what did not succeed, once the held claims have expired.
      const pending = await rows().findBy({ status: 'pending' });
      const latest = Math.max(0, ...pending.map((row) => row.claimExpiresAt?.getTime() ?? 0));
      await pause(Math.max(0, latest - Date.now() + 100));
      for (const [sessionId, answer] of outcome) {
        if (answer.status === 200 && answer.body.successful) continue;
        const retried = await logCall(sessionId).expect(200);
        expect(retried.body.successful).toBe(true);
        outcome.set(sessionId, retried);
      }

      // Exactly one activity per call, recorded, and no row left pending or without its activity.
      const stored = await rows().find();
      expect(stored).toHaveLength(outcome.size);
      for (const [sessionId, answer] of outcome) {
        const activities = t.crm.store.activities.filter((a) => a.externalId === sessionId);
        expect(activities).toHaveLength(1);
        expect(answer.body.logId).toBe(String(activities[0].id));
        expect(stored.find((row) => row.sessionId === sessionId)).toMatchObject({
          status: 'logged',
          crmLogId: String(activities[0].id),
          claimToken: null,
        });
      }
    }, 90000);
  },
);
