import { Writable } from 'node:stream';
import { PinoLogger } from '../../src/common/logging/pino-logger.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const REDIRECT = 'https://ringcentral.github.io/ringcentral-embeddable/redirect.html';

interface LogRecord {
  level: string;
  context?: string;
  msg?: string;
  requestId?: string;
}

/** Every line a request causes carries its request id, not only the debug `Http` line. */
describe('request ids on log lines', () => {
  let t: TestApp;
  let output = '';
  const records = (): LogRecord[] =>
    output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogRecord);

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    t = await startTestApp({
      env: { LOG_LEVEL: 'debug' },
      logger: new PinoLogger({ level: 'debug', destination }),
    });
  });
  afterAll(() => t.close());

  const forgedCallback = (requestId: string) =>
    t.http
      .get('/oauth-callback')
      .query({ callbackUri: `${REDIRECT}?code=c-1&state=forged-state` })
      .set('x-request-id', requestId);

  it('puts the request id on a warning the request causes', async () => {
    await forgedCallback('trace-warning-0001').expect(200);
    const warning = records().find((r) => r.msg?.includes('state this server did not issue'));
    expect(warning).toMatchObject({
      level: 'warn',
      context: 'OAuthLogin',
      requestId: 'trace-warning-0001',
    });
  });

  it('keeps it through body parsing and CRM calls', async () => {
    await t.http
      .post('/apiKeyLogin')
      .set('x-request-id', 'trace-login-0002')
      .send({ platform: 'sample-crm-apikey', apiKey: 'wrong-key-123' })
      .expect(400);
    const refused = records().find((r) => r.level === 'warn' && r.msg?.includes('GET /api/me'));
    expect(refused).toMatchObject({ context: 'CrmCalls', requestId: 'trace-login-0002' });
  });

  it('never mixes up concurrent requests', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `trace-concurrent-${i}`);
    await Promise.all(ids.map((id) => forgedCallback(id).expect(200)));
    const warned = records()
      .filter((r) => r.msg?.includes('state this server did not issue'))
      .map((r) => r.requestId);
    for (const id of ids) expect(warned.filter((w) => w === id)).toHaveLength(1);
  });

  it('leaves lines written outside a request without one', () => {
    const boot = records().find((r) => r.context === 'InstanceLoader');
    expect(boot).toBeDefined();
    expect(boot!.requestId).toBeUndefined();
  });
});
