import { UserEntity } from '../../src/users/user.entity.js';
import { oauthPlatformsUnderTest, type PlatformUnderTest } from '../support/platforms.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The CRM's token endpoint failing while a due token is refreshed: the client gets the answer of
 * any failed CRM call (never a 500), the grant is kept, and the refresh runs under the CRM call
 * policy (retries, Retry-After) inside the request's time budget.
 *
 * Budget 2 s, 1.8 s per attempt, 3 attempts, no backoff delay, Retry-After waited up to 1 s.
 */
describe.each(oauthPlatformsUnderTest())(
  'Token refresh when the CRM token endpoint fails ($platform)',
  refreshFaults,
);

const TOKEN_ROUTE = 'POST /oauth/token';
const BUDGET_MS = 2000;

function refreshFaults(p: PlatformUnderTest): void {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({
      crmOptions: { countGrants: true },
      env: {
        CRM_TIMEOUT_MS: String(BUDGET_MS),
        CRM_ATTEMPT_TIMEOUT_MS: '1800',
        CRM_MAX_ATTEMPTS: '3',
        CRM_RETRY_BASE_DELAY_MS: '0',
        CRM_RETRY_MAX_DELAY_MS: '0',
        CRM_RETRY_AFTER_CAP_SECONDS: '1',
        CRM_BREAKER_THRESHOLD: '1000',
      },
    });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    token = await p.login(t.http, 'alice');
    // Time passes: the stored token is now due for a refresh.
    await t.dataSource
      .getRepository(UserEntity)
      .update({ crmUserId: 'u_alice', platform: p.platform }, { tokenRefreshAt: new Date(0) });
    t.crm.store.resetGrantStats();
  });
  afterEach(() => t.crm.faults.clear());

  const lookup = () =>
    t.http.get(`/contact?jwtToken=${token}&phoneNumber=+14155550100`).expect(200);
  const alice = () =>
    t.dataSource
      .getRepository(UserEntity)
      .findOneByOrFail({ crmUserId: 'u_alice', platform: p.platform });
  const refreshes = () => t.crm.store.grantStats().grants.refresh_token ?? 0;
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** The stored grant is untouched: both tokens kept, not revoked, still due for a refresh. */
  const expectGrantKept = async (before: UserEntity) => {
    const row = await alice();
    expect(row.revokedAt).toBeNull();
    expect(row.refreshToken).toBe(before.refreshToken);
    expect(row.accessToken).toBe(before.accessToken);
  };

  it('answers "rate limited" on a 429 with Retry-After, keeps the grant, and honours the wait', async () => {
    const before = await alice();
    t.crm.faults.set(TOKEN_ROUTE, { status: 429, retryAfter: '2' });
    const limited = await lookup();
    expect(limited.body).toMatchObject({
      successful: false,
      returnMessage: { message: 'Rate limit exceeded' },
    });
    expect(JSON.stringify(limited.body.returnMessage)).toContain('try again in 2 seconds');
    await expectGrantKept(before);
    t.crm.faults.clear();
    // Within the CRM's Retry-After the token endpoint is not asked again.
    const early = await lookup();
    expect(early.body).toMatchObject({ successful: false });
    expect(early.body.returnMessage.message).toBe('Rate limit exceeded');
    expect(refreshes()).toBe(0);
    await wait(2100);
    const later = await lookup();
    expect(later.body).toMatchObject({ successful: true, contact: [{ name: 'Jane Doe' }, {}] });
    expect(refreshes()).toBe(1);
    expect((await alice()).tokenRefreshAt!.getTime()).toBeGreaterThan(Date.now() + 60_000);
  });

  it('answers "unavailable" on a 503 from the token endpoint, keeps the grant, and recovers', async () => {
    const before = await alice();
    t.crm.faults.set(TOKEN_ROUTE, { status: 503 });
    const failed = await lookup();
    expect(failed.body).toMatchObject({
      successful: false,
      returnMessage: { message: `${p.displayName} is unavailable` },
    });
    await expectGrantKept(before);
    t.crm.faults.clear();
    expect((await lookup()).body.successful).toBe(true);
    expect(refreshes()).toBe(1);
  });

  it('answers "unavailable" when the token endpoint drops the connection, and keeps the grant', async () => {
    const before = await alice();
    t.crm.faults.set(TOKEN_ROUTE, { reset: true });
    const failed = await lookup();
    expect(failed.body).toMatchObject({ successful: false });
    await expectGrantKept(before);
  });

  it('retries a refresh the CRM answered with 503, under the call policy', async () => {
    t.crm.faults.set(TOKEN_ROUTE, { status: 503, failNext: 2 });
    expect((await lookup()).body).toMatchObject({ successful: true });
    expect(refreshes()).toBe(1);
  });

  it('waits for a Retry-After within the cap, then refreshes', async () => {
    t.crm.faults.set(TOKEN_ROUTE, { status: 429, retryAfter: '1', failNext: 1 });
    expect((await lookup()).body).toMatchObject({ successful: true });
    expect(refreshes()).toBe(1);
  });

  it('keeps the answer within the request budget when the token endpoint is slow', async () => {
    // Each refresh takes most of the budget, and the CRM refuses the first refreshed token, so a
    // second refresh is needed: it gets only what is left of the budget.
    t.crm.faults.set(TOKEN_ROUTE, { latencyMs: 1500 });
    t.crm.faults.set('GET /api/contacts', { status: 401, failNext: 1 });
    const started = Date.now();
    const reply = await lookup();
    const took = Date.now() - started;
    expect(reply.body.successful).toBe(false);
    expect(reply.body.returnMessage.message).toBe('The CRM did not respond in time');
    // The budget, plus what answering takes; two full refreshes and the calls would need more.
    expect(took).toBeLessThan(BUDGET_MS + 800);
    expect((await alice()).revokedAt).toBeNull();
  });

  it('still marks the grant revoked when the CRM refuses it (invalid_grant)', async () => {
    t.crm.store.revokeAllTokensFor('u_alice');
    await t.http.get(`/contact?jwtToken=${token}&phoneNumber=+14155550100`).expect(401);
    expect((await alice()).revokedAt).toBeInstanceOf(Date);
  });
}
