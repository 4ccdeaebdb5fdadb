import type { TestAgent } from './test-app.js';

/** Seeded sample-CRM users (examples/sample-crm/seed.ts). */
export const SAMPLE_USERS = {
  alice: { apiKey: 'sample-key-alice', name: 'Alice Example' },
  bob: { apiKey: 'sample-key-bob', name: 'Bob Example' },
} as const;

let sessionCounter = 0;

/** A session id no other test uses. */
export function uniqueSessionId(): string {
  sessionCounter += 1;
  return `${Date.now()}${sessionCounter}${Math.floor(Math.random() * 1000)}`;
}

/** Logs a seeded user in with their API key and returns the session token. */
export async function loginWithApiKey(
  http: TestAgent,
  who: keyof typeof SAMPLE_USERS,
): Promise<string> {
  const res = await http
    .post('/apiKeyLogin')
    .send({ platform: 'sample-crm-apikey', apiKey: SAMPLE_USERS[who].apiKey })
    .expect(200);
  return res.body.jwtToken as string;
}

/** A POST /callLog body as the client sends it (docs/client-contract.md, Call logs); override any part. */
export function callLogBody(
  overrides: {
    sessionId?: string;
    contactId?: string | number;
    direction?: 'Inbound' | 'Outbound';
    note?: string;
    logInfo?: Record<string, unknown>;
    [field: string]: unknown;
  } = {},
) {
  const { sessionId, logInfo, direction, ...top } = overrides;
  return {
    logInfo: {
      id: 'rc-call-1',
      sessionId: sessionId ?? uniqueSessionId(),
      telephonySessionId: 's-a0d7',
      direction: direction ?? 'Inbound',
      type: 'Voice',
      action: 'Phone Call',
      result: 'Call connected',
      startTime: 1714575845000,
      duration: 63,
      from: { phoneNumber: '+14155550100', name: 'Jane Doe', location: 'San Francisco, CA' },
      to: { phoneNumber: '+16505550111', extensionNumber: '101', name: 'Agent Smith' },
      recording: {
        link: '(pending...)',
        downloadUrl: 'https://media.example/content?accessToken=RC-SECRET-TOKEN',
      },
      ...logInfo,
    },
    contactId: '101',
    contactType: 'Person',
    contactName: 'Jane Doe',
    note: 'Customer wants a renewal quote.',
    additionalSubmission: {},
    ...top,
  };
}

let messageCounter = 0;

/**
 * A RingCentral message id no other test of this file uses: digits, like the real ones, and a safe
 * integer, so a test can send it as a JSON number.
 */
export function uniqueMessageId(): string {
  messageCounter += 1;
  return `${Date.now() % 1e9}${String(messageCounter).padStart(5, '0')}`;
}

/** A conversation id no other test uses. */
export const uniqueConversationId = uniqueMessageId;

/** One message of `logInfo.messages`, as the client forwards it from RingCentral Embeddable. */
export function smsMessage(
  overrides: {
    id?: string;
    direction?: 'Inbound' | 'Outbound';
    text?: string;
    at?: string;
    type?: string;
    [field: string]: unknown;
  } = {},
) {
  const { id, direction = 'Inbound', text, at, type = 'SMS', ...rest } = overrides;
  const messageId = id ?? uniqueMessageId();
  const jane = { phoneNumber: '+14155550100', name: 'Jane Doe' };
  const agent = { phoneNumber: '+16505550111', name: 'Agent Smith' };
  return {
    id: messageId,
    uri: `https://platform.ringcentral.com/restapi/v1.0/account/~/extension/~/message-store/${messageId}`,
    type,
    direction,
    subject: text ?? `Message ${messageId}`,
    creationTime: at ?? '2024-05-01T15:04:05.000Z',
    lastModifiedTime: at ?? '2024-05-01T15:04:05.000Z',
    from: direction === 'Inbound' ? jane : agent,
    to: [direction === 'Inbound' ? agent : jane],
    readStatus: 'Read',
    messageStatus: direction === 'Inbound' ? 'Received' : 'Sent',
    attachments: [],
    ...rest,
  };
}

/**
 * A POST /messageLog body as the client sends it (docs/client-contract.md, Message logs): one conversation-day
 * (`<conversationId>-<day>`) of SMS with Jane Doe (contact 101); override any part.
 */
export function messageLogBody(
  overrides: {
    conversationId?: string;
    day?: string;
    messages?: unknown[];
    logInfo?: Record<string, unknown>;
    [field: string]: unknown;
  } = {},
) {
  const { conversationId, day = '2024-05-01', messages, logInfo, ...top } = overrides;
  const id = conversationId ?? uniqueConversationId();
  return {
    logInfo: {
      conversationId: id,
      conversationLogId: `${id}-${day}`,
      type: 'SMS',
      correspondents: [{ phoneNumber: '+14155550100', name: 'Jane Doe' }],
      messages: messages ?? [smsMessage()],
      rcAccessToken: 'RC-SECRET-TOKEN',
      ...logInfo,
    },
    contactId: '101',
    contactType: 'Person',
    contactName: 'Jane Doe',
    additionalSubmission: {},
    overridingFormat: [],
    ...top,
  };
}
