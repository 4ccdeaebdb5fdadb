import { messageLogBody, smsMessage } from '../../support/factories.js';
import {
  authed,
  describeBadInput,
  jsonPost,
  type Ctx,
  type Row,
} from '../../support/bad-input-table.js';

function messageLogRows(): Row[] {
  const route = 'POST /messageLog';
  const create = (body: unknown) => (c: Ctx) =>
    authed(c.t.http.post('/messageLog'), c).send(body as object);
  const withInfo = (logInfo: Record<string, unknown>, top: Record<string, unknown> = {}) =>
    create(messageLogBody({ logInfo, ...top }));
  const match = (body: unknown) => (c: Ctx) =>
    authed(c.t.http.post('/messageLog/match'), c).send(body as object);
  const tooMany = Array.from({ length: 1001 }, (_, i) => smsMessage({ id: String(1000 + i) }));
  return [
    {
      route,
      name: 'an empty body',
      send: create({}),
      status: 400,
      says: 'Invalid request: logInfo is required',
    },
    {
      route,
      name: 'logInfo as a number',
      send: create({ logInfo: 1 }),
      status: 400,
      says: 'Invalid request: logInfo must be an object',
    },
    {
      route,
      name: 'nothing that identifies the conversation',
      send: withInfo({
        conversationId: undefined,
        conversationLogId: '  ',
        correspondents: [{ name: 'Jane Doe' }],
      }),
      status: 400,
      says: 'Invalid request: logInfo needs a conversationId, a conversationLogId or a correspondent phoneNumber',
    },
    {
      route,
      name: 'no messages',
      send: withInfo({ messages: undefined }),
      status: 400,
      says: 'Invalid request: logInfo.messages is required',
    },
    {
      route,
      name: 'messages as an object',
      send: withInfo({ messages: { id: 1 } }),
      status: 400,
      says: 'Invalid request: logInfo.messages must be an array',
    },
    {
      route,
      name: '1001 messages',
      send: withInfo({ messages: tooMany }),
      status: 400,
      says: 'Invalid request: logInfo.messages must have at most 1000 entries',
    },
    {
      route,
      name: 'a message without an id',
      send: withInfo({ messages: [smsMessage({ id: '' })] }),
      status: 400,
      says: /^Invalid request: logInfo\.messages\.0\.id/,
    },
    {
      route,
      name: 'a message with an unknown direction',
      send: withInfo({ messages: [smsMessage({ direction: 'Up' as never })] }),
      status: 400,
      says: /^Invalid request: logInfo\.messages\.0\.direction/,
    },
    {
      route,
      name: 'a message text over 64 KB',
      send: withInfo({ messages: [smsMessage({ subject: 's'.repeat(64 * 1024 + 1) })] }),
      status: 400,
      says: /^Invalid request: logInfo\.messages\.0\.subject/,
    },
    {
      route,
      name: 'SQL in a 65-character conversationId',
      send: withInfo({ conversationId: `1'; DROP TABLE message_logs; --${'-'.repeat(40)}` }),
      status: 400,
      says: 'Invalid request: logInfo.conversationId must be at most 64 characters',
    },
    {
      route,
      name: 'conversationLogId as an object',
      send: withInfo({ conversationLogId: { day: '2024-05-01' } }),
      status: 400,
      says: 'Invalid request: logInfo.conversationLogId must be a string',
    },
    {
      route,
      name: 'selectedMessageIds as a string',
      send: withInfo({}, { selectedMessageIds: '1,2' }),
      status: 400,
      says: 'Invalid request: selectedMessageIds must be an array',
    },
    {
      route,
      name: 'contactId of 129 characters',
      send: withInfo({}, { contactId: '1'.repeat(129) }),
      status: 400,
      says: 'Invalid request: contactId must be at most 128 characters',
    },
    {
      route,
      name: 'correspondents as a string',
      send: withInfo({ correspondents: '+14155550100' }),
      status: 400,
      says: /^Invalid request: logInfo\.correspondents/,
    },
    {
      route,
      name: 'malformed JSON',
      send: jsonPost('/messageLog', '{"logInfo":[}'),
      status: 400,
      says: 'Invalid request: the body is not valid JSON',
    },
    {
      route: 'POST /messageLog/match',
      name: 'no messageIds',
      send: match({}),
      status: 400,
      says: 'Invalid request: messageIds is required',
    },
    {
      route: 'POST /messageLog/match',
      name: 'messageIds as a string',
      send: match({ messageIds: '1,2' }),
      status: 400,
      says: 'Invalid request: messageIds must be an array',
    },
    {
      route: 'POST /messageLog/match',
      name: '501 messageIds',
      send: match({ messageIds: Array.from({ length: 501 }, (_, i) => String(i)) }),
      status: 400,
      says: 'Invalid request: messageIds must have at most 500 entries',
    },
    {
      route: 'POST /messageLog/match',
      name: 'objects as messageIds',
      send: match({ messageIds: [{ $ne: null }] }),
      status: 400,
      says: 'Invalid request: messageIds must hold strings or numbers',
    },
    {
      route: 'POST /messageLog/match',
      name: 'a conversationId as an object',
      send: match({ messageIds: ['1'], conversationId: {} }),
      status: 400,
      says: /^Invalid request: conversationId/,
    },
  ];
}

describeBadInput('message-logs', [...messageLogRows()], {
  minRows: 20,
  routes: ['POST /messageLog', 'POST /messageLog/match'],
});
