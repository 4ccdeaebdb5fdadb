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

/** A POST /callLog body as the client sends it (client-contract §5.2); override any part. */
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
