import { createServer, type IncomingMessage, type Server } from 'node:http';
import { standaloneCrmCallPolicy } from './crm-call-policy.js';
import type { AddressInfo } from 'node:net';
import { CrmError } from './crm-error.js';
import { CrmHttpClient } from './crm-http-client.js';

interface Recorder {
  server: Server;
  url: string;
  seen: IncomingMessage[];
}

async function listen(
  handle: (req: IncomingMessage, res: import('node:http').ServerResponse) => void,
) {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Credentials only travel to hosts the host check lets through; redirects are never followed. */
describe('CrmHttpClient and the host check', () => {
  let crm: Recorder;
  let elsewhere: Recorder;

  beforeAll(async () => {
    elsewhere = await listen((_req, res) => res.writeHead(200).end('{}'));
    crm = await listen((req, res) => {
      if (req.url?.startsWith('/redirect')) {
        res.writeHead(302, { location: `${elsewhere.url}/stolen` }).end();
      } else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  afterAll(async () => {
    for (const r of [crm, elsewhere]) {
      r.server.closeAllConnections();
      await new Promise((resolve) => r.server.close(resolve));
    }
  });
  beforeEach(() => {
    crm.seen.length = 0;
    elsewhere.seen.length = 0;
  });

  const client = (baseUrl: string, checkHost?: (url: URL) => Promise<void>) =>
    new CrmHttpClient({
      baseUrl,
      crmName: 'Acme CRM',
      placement: { in: 'header', name: 'X-API-Key' },
      credentials: { current: async () => ({ apiKey: 'secret-key-123' }) },
      policy: standaloneCrmCallPolicy({ attemptTimeoutMs: 2000, maxAttempts: 1 }),
      budgetMs: 2000,
      checkHost,
    });

  it('asks the host check about every request, with the full URL', async () => {
    const checked: string[] = [];
    await client(crm.url, async (url) => void checked.push(url.href)).get('/api/me', { a: 1 });
    expect(checked).toEqual([`${crm.url}/api/me?a=1`]);
    expect(crm.seen[0].headers['x-api-key']).toBe('secret-key-123');
  });

  it('sends nothing when the host check refuses', async () => {
    const refusal = new CrmError('UNAVAILABLE', 'refused');
    const attempt = client(elsewhere.url, async () => {
      throw refusal;
    }).get('/api/me');
    await expect(attempt).rejects.toBe(refusal);
    expect(elsewhere.seen).toHaveLength(0);
  });

  it('does not follow a CRM redirect to another host (the key would go along)', async () => {
    const attempt = client(crm.url, async () => undefined).get('/redirect');
    await expect(attempt).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(crm.seen).toHaveLength(1);
    expect(elsewhere.seen).toHaveLength(0);
  });
});
