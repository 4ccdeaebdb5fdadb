import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../common/errors/app-error.js';
import {
  RC_TOKENS,
  startRingCentralStub,
  type RingCentralStub,
} from '../../test/support/ringcentral-stub.js';
import {
  RC_TOKEN_REJECTED_MESSAGE,
  RC_UNAVAILABLE_MESSAGE,
  RingCentralIdentityService,
} from './ringcentral-identity.service.js';

describe('RingCentralIdentityService against a RingCentral platform stub', () => {
  let rc: RingCentralStub;
  const service = (server = rc.url, identityTtlSeconds = 60) =>
    new RingCentralIdentityService({ server, timeoutMs: 1000, identityTtlSeconds }, {
      maxEntries: 100,
    } as never);
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: AppError) => ({ code: error.code, message: error.message }),
    );

  beforeAll(async () => {
    rc = await startRingCentralStub();
  });
  afterAll(() => rc.close());
  beforeEach(() => {
    rc.lookups.length = 0;
    rc.failWith = null;
  });

  it('reads the account, extension and admin permission of a token', async () => {
    const identity = service();
    await expect(identity.identify(RC_TOKENS.adminA)).resolves.toEqual({
      accountId: '37439510',
      extensionId: '62296013',
      isAdmin: true,
    });
    await expect(identity.identify(RC_TOKENS.agentB)).resolves.toEqual({
      accountId: '48550621',
      extensionId: '73307125',
      isAdmin: false,
    });
  });

  it('asks once per token while the answer is cached, again once the cache time is zero', async () => {
    const cached = service();
    await cached.identify(RC_TOKENS.agentA);
    await cached.identify(RC_TOKENS.agentA);
    expect(rc.lookups).toEqual([RC_TOKENS.agentA]);
    const uncached = service(rc.url, 0);
    await uncached.identify(RC_TOKENS.agentA);
    await uncached.identify(RC_TOKENS.agentA);
    expect(rc.lookups).toHaveLength(3);
  });

  it('an expired or unknown token is FORBIDDEN, and the refusal is not cached', async () => {
    const identity = service();
    for (const token of [RC_TOKENS.expired, 'forged-token']) {
      expect(await refusal(identity.identify(token))).toEqual({
        code: 'FORBIDDEN',
        message: RC_TOKEN_REJECTED_MESSAGE,
      });
    }
    await refusal(identity.identify(RC_TOKENS.expired));
    expect(rc.lookups).toHaveLength(3);
  });

  it('RingCentral down, unreachable or answering without ids is SERVICE_UNAVAILABLE', async () => {
    rc.failWith = 503;
    expect(await refusal(service().identify(RC_TOKENS.adminA))).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: RC_UNAVAILABLE_MESSAGE,
    });
    rc.failWith = null;
    expect((await refusal(service('http://127.0.0.1:1').identify(RC_TOKENS.adminA)))?.code).toBe(
      'SERVICE_UNAVAILABLE',
    );
    const odd = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', account: { id: '12ab' } }));
    });
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(odd.address() as AddressInfo).port}`;
      expect((await refusal(service(url).identify(RC_TOKENS.adminA)))?.code).toBe(
        'SERVICE_UNAVAILABLE',
      );
    } finally {
      await new Promise((resolve) => odd.close(resolve));
    }
  });
});
