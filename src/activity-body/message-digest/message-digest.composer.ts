import { DEFAULT_LOG_DATE_FORMAT, formatLogDate, toSingleLine } from '../log-body/index.js';
import type { DigestCodec, EntryParts } from './digest-codec.js';
import { htmlDigestCodec } from './html-digest.codec.js';
import { markdownDigestCodec } from './markdown-digest.codec.js';
import type {
  ComposeOptions,
  DigestConversation,
  DigestMessage,
  LogFormat,
  MessageDigest,
  MessageLogKind,
} from './message-digest.types.js';
import { plainTextDigestCodec } from './plain-text-digest.codec.js';

const CODECS: Record<LogFormat, DigestCodec> = {
  'text/plain': plainTextDigestCodec,
  'text/html': htmlDigestCodec,
  'text/markdown': markdownDigestCodec,
};

function codecFor(format: LogFormat): DigestCodec {
  const codec = CODECS[format];
  if (!codec) throw new RangeError(`Unsupported log format: ${String(format)}`);
  return codec;
}

function formatTime(instant: Date, options: ComposeOptions): string {
  const configured = options.settings?.logDateFormat?.value;
  const pattern =
    typeof configured === 'string' && configured.trim() !== ''
      ? configured
      : DEFAULT_LOG_DATE_FORMAT;
  return formatLogDate(instant, pattern, options.timeZone, options.utcOffsetMinutes);
}

function placeholder(kind: MessageLogKind, message: DigestMessage): string {
  if (kind === 'voicemail') return '(voicemail)';
  if (kind === 'fax') return '(fax)';
  return message.attachments.length > 0 ? '(attachment)' : '(no text)';
}

function entryParts(
  kind: MessageLogKind,
  message: DigestMessage,
  options: ComposeOptions,
): EntryParts {
  return {
    time: formatTime(message.creationTime, options),
    sender: message.sender,
    text: message.text ?? '',
    placeholder: placeholder(kind, message),
    attachments: message.attachments,
  };
}

/** `SMS conversation with <contact> - <date>` (or the fax or voicemail equivalent). */
export function messageDigestSubject(
  conversation: DigestConversation,
  options: ComposeOptions,
): string {
  const first = conversation.messages[0];
  const date = first
    ? formatLogDate(first.creationTime, 'YYYY-MM-DD', options.timeZone, options.utcOffsetMinutes)
    : '';
  const name = toSingleLine(conversation.contactName) || 'unknown contact';
  const title =
    conversation.kind === 'voicemail'
      ? `Voicemail left by ${name}`
      : conversation.kind === 'fax'
        ? first?.direction === 'Outbound'
          ? `Fax sent to ${name}`
          : `Fax received from ${name}`
        : `SMS conversation with ${name}`;
  return date ? `${title} - ${date}` : title;
}

/** A new digest: header, message count, one escaped entry per message (docs/client-contract.md). */
export function composeMessageDigest(
  conversation: DigestConversation,
  options: ComposeOptions,
): MessageDigest {
  const codec = codecFor(options.format);
  const entries = conversation.messages.map((message) =>
    codec.entry(entryParts(conversation.kind, message, options)),
  );
  return {
    subject: messageDigestSubject(conversation, options),
    body: codec.header(conversation, entries.length) + codec.block(entries),
  };
}

/**
 * Appends the entries a digest read back from the CRM does not hold yet, so repeating an append
 * whose outcome was unknown cannot duplicate messages; `added` counts the entries written.
 */
export function appendToMessageDigest(
  body: string,
  kind: MessageLogKind,
  messages: readonly DigestMessage[],
  options: ComposeOptions,
): { body: string; added: number } {
  const codec = codecFor(options.format);
  const current = codec.normalize(body);
  const entries = messages
    .map((message) => codec.entry(entryParts(kind, message, options)))
    .filter((entry) => !codec.holds(current, entry));
  if (entries.length === 0) return { body, added: 0 };
  return { body: codec.append(current, entries), added: entries.length };
}
