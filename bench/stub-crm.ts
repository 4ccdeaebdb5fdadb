import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The benchmark's CRM: the sample CRM's API, as little of it as crm-bridge uses, answering at once
 * (or after STUB_LATENCY_MS). Any API key is accepted. It counts the requests it served
 * (GET /_stats), so the benchmark can report CRM calls per scenario.
 */
const port = Number(process.env.STUB_PORT ?? 0);
const latencyMs = Number(process.env.STUB_LATENCY_MS ?? 0);
const contact = {
  id: 101,
  name: 'Jane Doe',
  phone: '(415) 555-0100',
  type: 'Person',
  createdAt: '2024-01-02T03:04:05.000Z',
};
const activities = new Map<
  number,
  { id: number; contactId: number; subject: string; body: string }
>();
let nextId = 5001;
let served = 0;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length
    ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>)
    : {};
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://stub');
  if (url.pathname === '/_stats') return send(res, 200, { served });
  served += 1;
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  if (!req.headers['x-api-key']) return send(res, 401, { error: 'unauthorized' });
  if (url.pathname === '/api/me')
    return send(res, 200, { id: 'u_bench', name: 'Bench User', timezone: 'UTC' });
  if (url.pathname === '/api/contacts') {
    const phone = url.searchParams.get('phone');
    return send(res, 200, { data: phone === contact.phone ? [contact] : [] });
  }
  if (url.pathname === '/api/activities' && req.method === 'POST') {
    const body = await readJson(req);
    const activity = {
      id: nextId++,
      contactId: Number(body.contactId),
      subject: String(body.subject),
      body: String(body.body),
    };
    activities.set(activity.id, activity);
    return send(res, 201, activity);
  }
  const match = /^\/api\/activities\/(\d+)$/.exec(url.pathname);
  const activity = match && activities.get(Number(match[1]));
  if (match && !activity) return send(res, 404, { error: 'not_found' });
  if (activity && req.method === 'GET') return send(res, 200, activity);
  if (activity && req.method === 'PATCH') {
    const body = await readJson(req);
    if (typeof body.subject === 'string') activity.subject = body.subject;
    if (typeof body.body === 'string') activity.body = body.body;
    return send(res, 200, activity);
  }
  send(res, 404, { error: 'not_found' });
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => send(res, 500, { error: 'server_error' }));
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ listening: address.port })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
