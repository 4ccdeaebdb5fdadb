import { createHmac } from 'node:crypto';
import type { Test } from 'supertest';
import { startSignedInApp } from './signed-in-app.js';
import type { TestApp } from './test-app.js';
import {
  dynamicApiKeyProvider,
  dynamicOAuthProvider,
  withDns,
  withProviders,
} from './test-providers.js';

/**
 * The bad-input table (issue 5), one file per route group in test/e2e/bad-input: requests a careless
 * or hostile client could send, to every route. Each gets a 4xx with a message saying what was
 * wrong, or, where the contract says so, a 200 business failure (the `why` of such a row names the
 * rule). None gets a 5xx, and the database and the sample CRM are exactly as before.
 */

export const SESSION_TEXT = 'Please go to Settings and authorize CRM platform';
export const SECRET = 'a-session-secret-for-bad-input-tests-0123456789';

export interface Ctx {
  t: TestApp;
  /** A valid session token (Alice, API key). */
  token: string;
}

export interface Row {
  route: string;
  name: string;
  send: (c: Ctx) => Test;
  status: number;
  /** The answer's message: plain-text body, HTML page text, or returnMessage.message. */
  says: string | RegExp;
  /** Why a 200 is the right answer to bad input (docs/client-contract.md, "How failures travel"). */
  why?: string;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hs256 = (header: object, claims: object, key = SECRET) => {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
};
const now = () => Math.floor(Date.now() / 1000);

/** Tampered or hostile session tokens, each refused with the contract's 400. */
export const TAMPERED: [string, (good: string) => string][] = [
  ['no token', () => ''],
  ['garbage', () => 'not-a-jwt'],
  ['alg none', (good) => `${b64({ alg: 'none', typ: 'JWT' })}.${good.split('.')[1]}.`],
  [
    'a flipped signature',
    (good) => `${good.slice(0, -4)}${good.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`,
  ],
  [
    'edited claims',
    (good) => {
      const [h, , s] = good.split('.');
      return `${h}.${b64({ sub: 'someone-else', plt: 'sample-crm-apikey', ver: 0, exp: now() + 60 })}.${s}`;
    },
  ],
  [
    'a wrong key',
    () =>
      hs256(
        { alg: 'HS256' },
        { sub: 'x', plt: 'sample-crm-apikey', ver: 0, exp: now() + 60 },
        'wrong-key-wrong-key-wrong-key-wrong-key',
      ),
  ],
  [
    'expired',
    (good) => {
      const claims = JSON.parse(Buffer.from(good.split('.')[1], 'base64url').toString());
      return hs256({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now() - 100, exp: now() - 10 });
    },
  ],
  ['SQL in the token', () => `' OR '1'='1`],
];

export const jsonPost =
  (path: string, body: string, contentType = 'application/json') =>
  (c: Ctx) =>
    c.t.http
      .post(path)
      .set('content-type', contentType)
      .set('authorization', `Bearer ${c.token}`)
      .send(body);

export const authed = (test: Test, c: Ctx) => test.set('authorization', `Bearer ${c.token}`);

/** The message of an answer, whatever its shape. */
function messageOf(res: { type: string; text: string; body: unknown }): string {
  if (res.type === 'application/json') {
    const body = res.body as { returnMessage?: { message?: string } };
    return body?.returnMessage?.message ?? '';
  }
  // The /oauth-start refusal page: its one explanatory paragraph.
  if (res.type === 'text/html') return /<p>(.*?)<\/p>/.exec(res.text)?.[1] ?? res.text;
  return res.text;
}

/**
 * The table for one route group: at least `minRows` rows covering each of `routes`, each row
 * answered as it says, and the database and the sample CRM untouched afterwards.
 */
export function describeBadInput(
  group: string,
  rows: Row[],
  { routes, minRows }: { routes: string[]; minRows: number },
): void {
  describe(`the bad-input table: ${group}`, () => {
    const ctx = {} as Ctx;
    let dbBefore: string;
    let crmBefore: string;

    const snapshotDb = async () => {
      const tables = ctx.t.dataSource.entityMetadatas.map((m) => m.tableName).sort();
      const dump: Record<string, unknown[]> = {};
      for (const table of tables)
        dump[table] = await ctx.t.dataSource.query(`SELECT * FROM ${table} ORDER BY 1`);
      return JSON.stringify(dump);
    };
    const snapshotCrm = () =>
      JSON.stringify({
        contacts: ctx.t.crm.store.contacts,
        activities: ctx.t.crm.store.activities,
      });

    beforeAll(async () => {
      ({
        t: ctx.t,
        tokens: { alice: ctx.token },
      } = await startSignedInApp({
        users: ['alice'],
        env: { SESSION_SECRET: SECRET, ALLOW_PRIVATE_CRM_HOSTS: 'false' },
        configure: (builder) =>
          withDns({
            'acme.crm.test': ['93.184.216.34'],
            'trap.crm.test': ['127.0.0.1'],
            'metadata.crm.test': ['169.254.169.254'],
          })(withProviders([dynamicApiKeyProvider(), dynamicOAuthProvider()])(builder)),
      }));
      dbBefore = await snapshotDb();
      crmBefore = snapshotCrm();
    });
    afterAll(() => ctx.t.close());

    it(`has at least ${minRows} rows, covering every route of the group`, () => {
      expect(rows.length).toBeGreaterThanOrEqual(minRows);
      const covered = new Set(rows.map((row) => row.route));
      for (const route of routes) expect(covered).toContain(route);
      // Every 200 says why the contract wants a 200.
      for (const row of rows) if (row.status === 200) expect(row.why).toBeTruthy();
    });

    it.each(rows.map((row) => [`${row.route}: ${row.name}`, row] as const))(
      '%s',
      async (_, row) => {
        const res = await row.send(ctx);
        expect(res.status).toBeLessThan(500);
        expect({ status: res.status, says: messageOf(res) }).toEqual({
          status: row.status,
          says:
            typeof row.says === 'string' && row.says !== ''
              ? row.says
              : expect.stringMatching(row.says === '' ? /[^]*/ : row.says),
        });
        const body = res.text ?? '';
        // Nothing internal comes back: no stack frames, no CRM address, no database words.
        expect(body).not.toMatch(/\bat \S+ \(|node_modules|\/src\/|SQLITE|ER_|QueryFailedError/);
        expect(body).not.toContain(ctx.t.crm.url);
        if (res.status === 200 && res.type === 'application/json') {
          expect((res.body as { jwtToken?: string }).jwtToken).toBeUndefined();
        }
      },
    );

    it('left the database and the sample CRM exactly as they were', async () => {
      expect(await snapshotDb()).toBe(dbBefore);
      expect(snapshotCrm()).toBe(crmBefore);
    });
  });
}
