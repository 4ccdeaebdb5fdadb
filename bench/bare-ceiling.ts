import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent, request } from 'undici';
import { verifySessionToken } from './session-token.js';

/**
 * The benchmark's ceiling: what the hot routes cost with nothing but Node. `node:http`, the session
 * token checked with `node:crypto`, one keep-alive call to the CRM (undici, as crm-bridge), the
 * client's reply envelope; no framework, no database, no cache. GET /contact calls the CRM every
 * time, POST /callLog once. Env: CRM_URL, CRM_API_KEY, SESSION_SECRET, PORT (0: any free port).
 */
const port = Number(process.env.PORT ?? 0);
const crmUrl = process.env.CRM_URL ?? 'http://127.0.0.1:4000';
const apiKey = process.env.CRM_API_KEY ?? 'bench';
const secret = process.env.SESSION_SECRET ?? '';
if (secret.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters');
const crm = new Agent();
const BODY_LIMIT = 1_048_576;
const placeholder = {
  id: 'createNewContact',
  name: 'Create new contact...',
  isNewContact: true,
  defaultContactType: 'Person',
  additionalInfo: {},
};

type Json = Record<string, unknown>;

function send(res: ServerResponse, status: number, body: Json | string): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function warning(message: string): Json {
  return { message, messageType: 'warning', ttl: 3000 };
}

async function readJson(req: IncomingMessage): Promise<Json | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    const body: unknown = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : null;
  } catch {
    return null;
  }
}

async function callCrm(method: 'GET' | 'POST', path: string, body?: Json): Promise<Json> {
  const reply = await request(`${crmUrl}${path}`, {
    method,
    dispatcher: crm,
    headers: { 'x-api-key': apiKey, ...(body && { 'content-type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });
  const parsed = (await reply.body.json()) as Json;
  if (reply.statusCode >= 300) throw new Error(`CRM answered ${reply.statusCode}`);
  return parsed;
}

/** North American numbers only: the stub CRM stores `(415) 555-0100`. */
function nationalFormat(e164: string): string | null {
  const match = /^\+?1?(\d{3})(\d{3})(\d{4})$/.exec(e164.replace(/[\s()-]/g, ''));
  return match && `(${match[1]}) ${match[2]}-${match[3]}`;
}

async function findContact(url: URL, res: ServerResponse): Promise<void> {
  // The client sends the `+` of an E.164 number unencoded, so it arrives as a space.
  const phone = nationalFormat(url.searchParams.get('phoneNumber')?.trim() ?? '');
  if (!phone) {
    return send(res, 200, {
      successful: false,
      returnMessage: warning('Invalid phone number'),
      contact: [placeholder],
    });
  }
  try {
    const { data } = await callCrm('GET', `/api/contacts?phone=${encodeURIComponent(phone)}`);
    const matches = (data as Json[]).map((c) => ({
      id: String(c.id),
      name: c.name,
      type: c.type,
      phone: c.phone,
      createdDate: c.createdAt,
      additionalInfo: {},
    }));
    send(res, 200, {
      successful: true,
      ...(matches.length === 0 && { returnMessage: warning('Contact not found') }),
      contact: [...matches, placeholder],
    });
  } catch {
    send(res, 200, {
      successful: false,
      returnMessage: warning('The CRM did not answer'),
      contact: [placeholder],
    });
  }
}

async function createCallLog(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req);
  const logInfo = body?.logInfo as Json | undefined;
  if (!body || typeof logInfo?.sessionId !== 'string' || body.contactId === undefined) {
    return send(res, 400, 'Invalid request: logInfo.sessionId and contactId are required');
  }
  const from = logInfo.from as Json | undefined;
  const lines = [
    `Session: ${logInfo.sessionId}`,
    `Date/Time: ${new Date(Number(logInfo.startTime) || Date.now()).toISOString()}`,
    `Duration: ${Number(logInfo.duration) || 0} s`,
    `Result: ${String(logInfo.result ?? '')}`,
    `Note: ${String(body.note ?? '')}`,
  ];
  try {
    const activity = await callCrm('POST', '/api/activities', {
      type: 'call',
      contactId: Number(body.contactId),
      subject: `${String(logInfo.direction ?? '')} Call from ${String(from?.name ?? body.contactName ?? '')}`,
      body: lines.join('\n'),
    });
    send(res, 200, {
      successful: true,
      logId: String(activity.id),
      returnMessage: { message: 'Call log added', messageType: 'success', ttl: 2000 },
    });
  } catch {
    send(res, 200, { successful: false, returnMessage: warning('The CRM did not answer') });
  }
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://ceiling');
  if (url.pathname === '/isAlive' && req.method === 'GET') return send(res, 200, 'OK');
  const route = `${req.method} ${url.pathname}`;
  if (route !== 'GET /contact' && route !== 'POST /callLog') return send(res, 404, 'Not found');
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7) : url.searchParams.get('jwtToken');
  if (!token || !verifySessionToken(token, secret)) {
    return send(res, 400, 'Please go to Settings and authorize CRM platform');
  }
  return route === 'GET /contact' ? findContact(url, res) : createCallLog(req, res);
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => send(res, 500, 'Internal server error'));
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ listening: address.port })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
