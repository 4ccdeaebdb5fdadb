import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { standaloneCrmCallPolicy } from '../../crm/crm-call-policy.js';
import { CrmError } from '../../crm/crm-error.js';
import type { OAuthClientDeclaration } from '../../crm/crm-auth.types.js';
import {
  OAuthGrantError,
  refreshGrant,
  revokeToken,
  type OAuthEndpointCall,
} from './oauth-token-client.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function listen(handler: Handler): Promise<[Server, string]> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
}

async function close(...servers: Server[]) {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const declaration = (url: string): OAuthClientDeclaration => ({
  authorizationUrl: `${url}/authorize`,
  tokenUrl: `${url}/token`,
  revocationUrl: `${url}/revoke`,
  scopes: [],
  pkce: true,
  clientId: 'client',
  clientSecret: 'client-secret',
});

/** The server's policy (3 attempts) without backoff delays, and 2 s to go. */
const via = (): OAuthEndpointCall => ({
  policy: standaloneCrmCallPolicy({ retryBaseDelayMs: 0, retryMaxDelayMs: 0 }),
  deadline: Date.now() + 2000,
  crm: 'Test CRM',
});

const json = (res: ServerResponse, status: number, body: unknown, headers = {}) =>
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));

describe('refreshGrant', () => {
  let server: Server;
  let url: string;
  let handler: Handler;
  let bodies: URLSearchParams[];

  beforeAll(async () => {
    [server, url] = await listen((req, body, res) => {
      bodies.push(new URLSearchParams(body));
      handler(req, body, res);
    });
  });
  afterAll(() => close(server));
  beforeEach(() => {
    bodies = [];
  });
  const refresh = () => refreshGrant(declaration(url), 'rt-1', via());
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as CrmError,
    );

  it('sends a refresh_token grant with the client credentials and reads the tokens', async () => {
    handler = (_req, _body, res) =>
      json(res, 200, { access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 });
    await expect(refresh()).resolves.toEqual({
      accessToken: 'at-2',
      refreshToken: 'rt-2',
      expiresIn: 3600,
    });
    expect(Object.fromEntries(bodies[0])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_id: 'client',
      client_secret: 'client-secret',
    });
  });

  it('reads a form-encoded answer', async () => {
    handler = (_req, _body, res) => res.writeHead(200).end('access_token=at-2&expires_in=60');
    await expect(refresh()).resolves.toEqual({ accessToken: 'at-2', expiresIn: 60 });
  });

  it('turns a 429 with an OAuth error code into RATE_LIMITED with its Retry-After, not a refusal', async () => {
    handler = (_req, _body, res) =>
      json(res, 429, { error: 'rate_limited' }, { 'Retry-After': '60' });
    const error = await failure(refresh());
    expect(error).not.toBeInstanceOf(OAuthGrantError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 60 });
    // Beyond the Retry-After cap: not retried.
    expect(bodies).toHaveLength(1);
  });

  it('retries 5xx answers, then gives up with UNAVAILABLE', async () => {
    handler = (_req, _body, res) => json(res, 503, { error: 'temporarily_unavailable' });
    expect(await failure(refresh())).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    expect(bodies).toHaveLength(3);
  });

  it('turns an OAuth refusal into an OAuthGrantError, sent once', async () => {
    handler = (_req, _body, res) => json(res, 400, { error: 'invalid_grant' });
    const error = await failure(refresh());
    expect(error).toBeInstanceOf(OAuthGrantError);
    expect(error).toMatchObject({ code: 'AUTH_EXPIRED', oauthError: 'invalid_grant', status: 400 });
    expect(bodies).toHaveLength(1);
  });

  it('does not resend a grant whose answer never came (the token may have been rotated)', async () => {
    handler = (req) => req.socket.destroy();
    expect(await failure(refresh())).toMatchObject({ code: 'UNAVAILABLE', outcomeUnknown: true });
    expect(bodies).toHaveLength(1);
  });
});

describe('revokeToken', () => {
  it('does not follow a redirect: the client secret stays with the declared host', async () => {
    const received: string[] = [];
    const [elsewhere, elsewhereUrl] = await listen((req, _body, res) => {
      received.push(req.url ?? '');
      res.writeHead(200).end();
    });
    const [crm, crmUrl] = await listen((_req, _body, res) =>
      res.writeHead(307, { location: `${elsewhereUrl}/collect` }).end(),
    );
    try {
      expect(await revokeToken(declaration(crmUrl), 'access-token', 'access_token', via())).toBe(
        false,
      );
      expect(received).toEqual([]);
    } finally {
      await close(crm, elsewhere);
    }
  });

  it('retries a revocation the CRM answered with 503', async () => {
    let calls = 0;
    const [crm, crmUrl] = await listen((_req, _body, res) => {
      calls += 1;
      res.writeHead(calls === 1 ? 503 : 200).end();
    });
    try {
      expect(await revokeToken(declaration(crmUrl), 'rt', 'refresh_token', via())).toBe(true);
      expect(calls).toBe(2);
    } finally {
      await close(crm);
    }
  });
});
