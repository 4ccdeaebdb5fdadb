import http, { type IncomingHttpHeaders } from 'node:http';

export interface WireReply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed body when it is JSON. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
}

export interface WireRequest {
  /** Sent as JSON unless it is a string (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a client generation adds to every request (docs/client-contract.md, Conventions). */
export interface ClientProfile {
  /** Newer clients: `Authorization: Bearer`; older ones only paste `jwtToken` into URLs. */
  bearer?: string;
  /** The three custom headers sent after RingCentral login. */
  rcHeaders?: { extensionHash: string; accountHash: string };
}

/**
 * Requests exactly as the App Connect client sends them: the path and query string go on the
 * wire byte for byte (a `+` stays a `+`, nothing is encoded again), from a browser extension
 * origin, with the profile's headers.
 */
export class ClientWire {
  constructor(
    private readonly baseUrl: string,
    private readonly profile: ClientProfile = {},
  ) {}

  with(profile: ClientProfile): ClientWire {
    return new ClientWire(this.baseUrl, { ...this.profile, ...profile });
  }

  get(rawPath: string, request: WireRequest = {}): Promise<WireReply> {
    return this.send('GET', rawPath, request);
  }

  post(rawPath: string, body?: unknown, request: WireRequest = {}): Promise<WireReply> {
    return this.send('POST', rawPath, { ...request, body });
  }

  patch(rawPath: string, body: unknown): Promise<WireReply> {
    return this.send('PATCH', rawPath, { body });
  }

  put(rawPath: string, body: unknown): Promise<WireReply> {
    return this.send('PUT', rawPath, { body });
  }

  send(method: string, rawPath: string, request: WireRequest = {}): Promise<WireReply> {
    const url = new URL(this.baseUrl);
    const payload =
      request.body === undefined
        ? undefined
        : typeof request.body === 'string'
          ? request.body
          : JSON.stringify(request.body);
    const headers: Record<string, string> = {
      origin: 'chrome-extension://appconnect',
      accept: 'application/json, text/plain, */*',
      ...(payload !== undefined && typeof request.body !== 'string'
        ? { 'content-type': 'application/json' }
        : {}),
      ...(this.profile.bearer ? { authorization: `Bearer ${this.profile.bearer}` } : {}),
      ...(this.profile.rcHeaders
        ? {
            'rc-extension-id': this.profile.rcHeaders.extensionHash,
            'rc-account-id': this.profile.rcHeaders.accountHash,
            'developer-author-name': '',
          }
        : {}),
      ...request.headers,
    };
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, method, path: rawPath, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown;
            if (/json/.test(res.headers['content-type'] ?? '')) body = JSON.parse(text);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
          });
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}

const MESSAGE_TYPES = ['success', 'warning', 'error'];

/**
 * The reply rules every client call depends on (docs/client-contract.md, Conventions): a
 * `returnMessage`, where present, is a non-empty message with a type the client shows
 * (`success`, `warning` or `error`, never `danger` or `info`) and a numeric ttl; never `null`
 * or `{}`. Every response carries `x-request-id`; a cross-origin one is readable by the client.
 */
export function expectClientReadable(reply: WireReply): void {
  expect(reply.headers['x-request-id']).toMatch(/^[\w.-]{8,64}$/);
  expect(reply.headers['access-control-allow-origin']).toBe('*');
  expect(reply.status).not.toBe(500);
  if (reply.body === undefined) return;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'returnMessage') {
        expect(inner).toEqual(
          expect.objectContaining({
            message: expect.stringMatching(/\S/),
            messageType: expect.any(String),
            ttl: expect.any(Number),
          }),
        );
        expect(MESSAGE_TYPES).toContain((inner as { messageType: string }).messageType);
      }
      visit(inner);
    }
  };
  visit(reply.body);
}
