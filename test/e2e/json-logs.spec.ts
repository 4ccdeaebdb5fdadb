import {
  buildServer,
  freePort,
  sharedSecrets,
  startBridgeProcess,
  stopBridgeProcess,
  type BridgeProcess,
} from '../support/bridge-processes.js';

const REDIRECT = 'https://ringcentral.github.io/ringcentral-embeddable/redirect.html';

/**
 * The built server as `npm start` runs it, with its in-process sample CRM and a Redis that does not
 * answer: everything it writes, on standard output and standard error, is one JSON object per line.
 */
describe('JSON-only logs with Redis down at boot', () => {
  let bridge: BridgeProcess;

  beforeAll(async () => {
    buildServer();
    // A port nothing listens on.
    const redisPort = await freePort();
    bridge = await startBridgeProcess(
      {
        ...sharedSecrets(),
        LOG_LEVEL: 'debug',
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        SAMPLE_CRM_PORT: '0',
      },
      'dist/examples/sample-crm/start-with-bridge.js',
    );
  }, 180_000);
  afterAll(async () => {
    if (bridge) await stopBridgeProcess(bridge);
  });

  it('writes nothing but JSON lines, the Redis failure and the requests included', async () => {
    const forged = await fetch(
      `${bridge.url}/oauth-callback?callbackUri=${encodeURIComponent(`${REDIRECT}?code=c&state=forged`)}`,
      { headers: { 'x-request-id': 'json-logs-0001' } },
    );
    expect(forged.status).toBe(200);
    await stopBridgeProcess(bridge);

    const lines = bridge.output().split('\n').filter(Boolean);
    const notJson = lines.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        context: 'Redis',
        msg: expect.stringContaining('Redis is not answering'),
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({ context: 'OAuthLogin', requestId: 'json-logs-0001' }),
    );
  });
});
