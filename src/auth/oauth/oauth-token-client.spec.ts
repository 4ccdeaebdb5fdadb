import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { revokeToken } from './oauth-token-client.js';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<[Server, string]> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
}

describe('revokeToken', () => {
  it('does not follow a redirect: the client secret stays with the declared host', async () => {
    const received: string[] = [];
    const [elsewhere, elsewhereUrl] = await listen((req, res) => {
      received.push(req.url ?? '');
      res.writeHead(200).end();
    });
    const [crm, crmUrl] = await listen((_req, res) =>
      res.writeHead(307, { location: `${elsewhereUrl}/collect` }).end(),
    );
    try {
      const revoked = await revokeToken(
        {
          authorizationUrl: `${crmUrl}/authorize`,
          tokenUrl: `${crmUrl}/token`,
          revocationUrl: `${crmUrl}/revoke`,
          scopes: [],
          pkce: true,
          clientId: 'client',
          clientSecret: 'client-secret',
        },
        'access-token',
        'access_token',
        2000,
      );
      expect(revoked).toBe(false);
      expect(received).toEqual([]);
    } finally {
      for (const server of [crm, elsewhere]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });
});
