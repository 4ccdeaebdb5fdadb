import type { FastifyInstance, FastifyRequest } from 'fastify';
import querystring from 'node:querystring';
import { checkBodyLimits, type BodyLimits } from './body-limits.js';
import { checkJsonTextLimits } from './json-text-limits.js';

const FORM_FIELDS_MAX = 1000;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;

/** A body that could not be read, typed as the exception filter names it (4xx, plain text). */
export class BodyReadError extends Error {
  constructor(
    readonly type: 'entity.parse.failed' | 'parameters.too.many' | 'charset.unsupported',
    readonly status: number,
  ) {
    super(type);
  }
}

const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

function decoderFor(charset: string): InstanceType<typeof TextDecoder> {
  let decoder = decoders.get(charset);
  if (!decoder) {
    try {
      decoder = new TextDecoder(charset);
    } catch {
      throw new BodyReadError('charset.unsupported', 415);
    }
    decoders.set(charset, decoder);
  }
  return decoder;
}

function charsetOf(req: FastifyRequest): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '');
  return match ? match[1].toLowerCase() : 'utf-8';
}

/** A request with no body at all (no length, no chunks), as against an empty one. */
function hasNoBody(req: FastifyRequest): boolean {
  return (
    req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined
  );
}

function firstByte(bytes: Buffer): number | undefined {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  for (let i = bom ? 3 : 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  }
  return undefined;
}

function parseJson(req: FastifyRequest, bytes: Buffer, limits: BodyLimits): unknown {
  if (bytes.length === 0) return hasNoBody(req) ? undefined : {};
  const charset = charsetOf(req);
  if (!charset.startsWith('utf-')) throw new BodyReadError('charset.unsupported', 415);
  const utf8 = charset === 'utf-8' || charset === 'utf8';
  if (utf8) checkJsonTextLimits(bytes, limits);
  const first = utf8 ? firstByte(bytes) : undefined;
  if (utf8 && first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    throw new BodyReadError('entity.parse.failed', 400);
  }
  const text = decoderFor(charset).decode(bytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BodyReadError('entity.parse.failed', 400);
  }
  if (body === null || typeof body !== 'object') {
    throw new BodyReadError('entity.parse.failed', 400);
  }
  checkBodyLimits(body, limits);
  return body;
}

function parseForm(req: FastifyRequest, bytes: Buffer, limits: BodyLimits): unknown {
  if (bytes.length === 0) return hasNoBody(req) ? undefined : {};
  const charset = charsetOf(req);
  if (charset !== 'utf-8' && charset !== 'utf8')
    throw new BodyReadError('charset.unsupported', 415);
  const text = bytes.toString('utf8');
  let fields = 1;
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
    fields += 1;
    if (fields > FORM_FIELDS_MAX) throw new BodyReadError('parameters.too.many', 413);
  }
  const body = querystring.parse(text, undefined, undefined, { maxKeys: FORM_FIELDS_MAX });
  checkBodyLimits(body, limits);
  return body;
}

/**
 * JSON and form bodies, checked against BODY_MAX_* (text scan, then one walk refusing prototype
 * keys); any other content type is left unread, as an Express app without its parser would.
 */
export function registerBodyParsers(fastify: FastifyInstance, limits: BodyLimits): void {
  fastify.removeAllContentTypeParsers();
  const parser =
    (parse: (req: FastifyRequest, bytes: Buffer, limits: BodyLimits) => unknown) =>
    (req: FastifyRequest, bytes: Buffer, done: (error: Error | null, body?: unknown) => void) => {
      let body: unknown;
      try {
        body = parse(req, bytes, limits);
      } catch (error) {
        done(error as Error);
        return;
      }
      done(null, body);
    };
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, parser(parseJson));
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    parser(parseForm),
  );
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}
