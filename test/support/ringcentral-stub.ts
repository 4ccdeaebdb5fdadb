import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A RingCentral user the stub knows, by the access token it was given. */
export interface StubRcUser {
  accountId: string;
  extensionId: string;
  isAdmin: boolean;
}

/** Tokens of two accounts (an admin and an agent in each), and an expired one. */
export const RC_TOKENS = {
  adminA: 'rc-admin-a',
  agentA: 'rc-agent-a',
  adminB: 'rc-admin-b',
  agentB: 'rc-agent-b',
  expired: 'rc-expired',
} as const;

const USERS: Record<string, StubRcUser> = {
  [RC_TOKENS.adminA]: { accountId: '37439510', extensionId: '62296013', isAdmin: true },
  [RC_TOKENS.agentA]: { accountId: '37439510', extensionId: '62296014', isAdmin: false },
  [RC_TOKENS.adminB]: { accountId: '48550621', extensionId: '73307124', isAdmin: true },
  [RC_TOKENS.agentB]: { accountId: '48550621', extensionId: '73307125', isAdmin: false },
};

export interface RingCentralStub {
  url: string;
  /** Extension lookups received, by token. */
  lookups: string[];
  /** While set, every request answers this status (e.g. 503: RingCentral is down). */
  failWith: number | null;
  close(): Promise<void>;
}

/** GET /restapi/v1.0/account/~/extension/~ as the RingCentral platform answers it. */
export async function startRingCentralStub(): Promise<RingCentralStub> {
  const stub: RingCentralStub = { url: '', lookups: [], failWith: null, close: async () => {} };
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || req.url !== '/restapi/v1.0/account/~/extension/~') {
      return send(404, { errorCode: 'CMN-102', message: 'Resource not found' });
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    stub.lookups.push(token);
    if (stub.failWith) return send(stub.failWith, { errorCode: 'CMN-211' });
    if (token === RC_TOKENS.expired) {
      return send(401, { errorCode: 'TokenExpired', message: 'Access token expired' });
    }
    const user = USERS[token];
    if (!user) return send(401, { errorCode: 'TokenInvalid', message: 'Invalid token' });
    send(200, {
      uri: `https://platform.ringcentral.com/restapi/v1.0/account/${user.accountId}/extension/${user.extensionId}`,
      id: Number(user.extensionId),
      extensionNumber: '101',
      name: user.isAdmin ? 'Ada Admin' : 'Art Agent',
      type: 'User',
      status: 'Enabled',
      account: { id: user.accountId, uri: `…/account/${user.accountId}` },
      permissions: { admin: { enabled: user.isAdmin }, internationalCalling: { enabled: false } },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () => new Promise((resolve) => server.close(() => resolve()));
  return stub;
}
