import { callLogBody } from '../support/factories.js';
import { metricSample } from '../support/prometheus-text.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import { testDatabaseKind } from '../support/test-database.js';

/** GET /metrics: Prometheus text after real traffic through the app to the sample CRM. */
describe(`GET /metrics on ${testDatabaseKind()}`, () => {
  let t: TestApp;
  let token: string;
  let text: string;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice: token },
    } = await startSignedInApp({
      env: {
        CONTACT_CACHE_TTL_SECONDS: '60',
        USER_CACHE_TTL_MS: '60000',
        CRM_MAX_ATTEMPTS: '1',
      },
      users: ['alice'],
    }));
    const lookup = () =>
      t.http.get(`/contact?jwtToken=${token}&phoneNumber=+14155550100`).expect(200);
    expect((await lookup()).body.contact[0].name).toBe('Jane Doe');
    await lookup(); // from the contact cache
    const logged = await t.http
      .post('/callLog')
      .set('authorization', `Bearer ${token}`)
      .send(callLogBody())
      .expect(200);
    expect(logged.body.successful).toBe(true);
    // A CRM failure: the search answers 500 once (one attempt, no retry).
    t.crm.faults.set('GET /api/contacts', { status: 500, failNext: 1 });
    await t.http
      .get(`/contact?jwtToken=${token}&phoneNumber=+14155550100&isForceRefreshAccountData=true`)
      .expect(200);
    await t.http.get('/no/such/route/12345?secret=abc').expect(404);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    text = res.text;
  });
  afterAll(() => t?.close());

  it('times requests by method, route pattern and status, never by raw URL', () => {
    const contact = { method: 'GET', route: '/contact', status_code: '200' };
    expect(metricSample(text, 'crm_bridge_http_request_duration_seconds_count', contact)).toBe(3);
    expect(
      metricSample(text, 'crm_bridge_http_request_duration_seconds_bucket', {
        ...contact,
        le: '+Inf',
      }),
    ).toBe(3);
    expect(
      metricSample(text, 'crm_bridge_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/callLog',
        status_code: '200',
      }),
    ).toBe(1);
    expect(
      metricSample(text, 'crm_bridge_http_request_duration_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status_code: '404',
      }),
    ).toBe(1);
    for (const leak of ['14155550100', token, '12345', 'secret=abc', 'jwtToken']) {
      expect(text).not.toContain(leak);
    }
  });

  it('times CRM calls and counts their errors by provider and operation', () => {
    const search = { provider: 'sample-crm-apikey', operation: 'findContactsByPhone' };
    expect(
      metricSample(text, 'crm_bridge_crm_call_duration_seconds_count', {
        ...search,
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      metricSample(text, 'crm_bridge_crm_call_duration_seconds_count', {
        provider: 'sample-crm-apikey',
        operation: 'createCallLog',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      metricSample(text, 'crm_bridge_crm_call_errors_total', { ...search, code: 'UNAVAILABLE' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts cache hits and misses per cache', () => {
    expect(metricSample(text, 'crm_bridge_cache_hits_total', { cache: 'contact_lookups' })).toBe(1);
    expect(metricSample(text, 'crm_bridge_cache_misses_total', { cache: 'contact_lookups' })).toBe(
      1,
    );
    expect(
      metricSample(text, 'crm_bridge_cache_hits_total', { cache: 'user_sessions' }),
    ).toBeGreaterThanOrEqual(2);
    expect(text).toContain('# TYPE crm_bridge_token_refreshes_total counter');
  });

  it('includes the default process metrics', () => {
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });
});

/** Several apps in one process each have their own registry; the switches and the token. */
describe('GET /metrics configuration', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  it('answers only the bearer token when METRICS_TOKEN is set', async () => {
    const t = await startTestApp({ env: { METRICS_TOKEN: 'scrape-token-0123456789' } });
    apps.push(t);
    const refused = await t.http.get('/metrics').expect(401);
    expect(refused.text).toBe('Unauthorized');
    await t.http.get('/metrics').set('authorization', 'Bearer wrong-token-0123456789').expect(401);
    const ok = await t.http
      .get('/metrics')
      .set('authorization', 'Bearer scrape-token-0123456789')
      .expect(200);
    expect(ok.text).toContain('crm_bridge_http_request_duration_seconds');
    expect(ok.text).not.toContain('scrape-token');
  });

  it('has no /metrics route with METRICS_ENABLED=false', async () => {
    const t = await startTestApp({ env: { METRICS_ENABLED: 'false' } });
    apps.push(t);
    const res = await t.http.get('/metrics').expect(404);
    expect(res.text).toBe('Not found');
  });
});
