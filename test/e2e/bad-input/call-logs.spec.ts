import { callLogBody } from '../../support/factories.js';
import {
  authed,
  describeBadInput,
  jsonPost,
  type Ctx,
  type Row,
} from '../../support/bad-input-table.js';

function callLogRows(): Row[] {
  const create = (body: unknown) => (c: Ctx) =>
    authed(c.t.http.post('/callLog'), c).send(body as object);
  const withInfo = (logInfo: Record<string, unknown>, top: Record<string, unknown> = {}) =>
    create(callLogBody({ logInfo, ...top }));
  const patch = (body: unknown) => (c: Ctx) =>
    authed(c.t.http.patch('/callLog'), c).send(body as object);
  const lookup = (query: string) => (c: Ctx) =>
    c.t.http.get(`/callLog?${query}&jwtToken=${c.token}`);
  const route = 'POST /callLog';
  const legs = Array.from({ length: 101 }, () => ({ legType: 'x' }));
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
      name: 'logInfo as a string',
      send: create({ logInfo: 'call' }),
      status: 400,
      says: 'Invalid request: logInfo must be an object',
    },
    {
      route,
      name: 'logInfo as an array',
      send: create({ logInfo: [] }),
      status: 400,
      says: 'Invalid request: logInfo must be an object',
    },
    {
      route,
      name: 'no sessionId',
      send: withInfo({ sessionId: undefined }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId is required',
    },
    {
      route,
      name: 'sessionId 0',
      send: withInfo({ sessionId: '0' }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId must not be 0',
    },
    {
      route,
      name: 'sessionId as an object',
      send: withInfo({ sessionId: { $ne: 1 } }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId must be a string or number',
    },
    {
      route,
      name: 'SQL in sessionId',
      send: withInfo({ sessionId: "1' OR '1'='1" }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId has invalid characters',
    },
    {
      route,
      name: 'a 65-character sessionId',
      send: withInfo({ sessionId: '1'.repeat(65) }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId must be at most 64 characters',
    },
    {
      route,
      name: 'unicode digits in sessionId',
      send: withInfo({ sessionId: '４５０３' }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId has invalid characters',
    },
    {
      route,
      name: 'direction Sideways',
      send: withInfo({ direction: 'Sideways' }),
      status: 400,
      says: 'Invalid request: logInfo.direction must be Inbound or Outbound',
    },
    {
      route,
      name: 'a negative duration',
      send: withInfo({ duration: -5 }),
      status: 400,
      says: /^Invalid request: logInfo\.duration/,
    },
    {
      route,
      name: 'duration as text',
      send: withInfo({ duration: 'long' }),
      status: 400,
      says: /^Invalid request: logInfo\.duration/,
    },
    {
      route,
      name: 'an unparsable startTime',
      send: withInfo({ startTime: 'yesterday' }),
      status: 400,
      says: /^Invalid request: logInfo\.startTime/,
    },
    {
      route,
      name: 'startTime as an object',
      send: withInfo({ startTime: { $gt: 0 } }),
      status: 400,
      says: /^Invalid request: logInfo\.startTime/,
    },
    {
      route,
      name: 'from as a string',
      send: withInfo({ from: '+14155550100' }),
      status: 400,
      says: 'Invalid request: logInfo.from must be an object',
    },
    {
      route,
      name: '101 legs',
      send: withInfo({ legs }),
      status: 400,
      says: 'Invalid request: logInfo.legs must have at most 100 entries',
    },
    {
      route,
      name: 'legs as an object',
      send: withInfo({ legs: { 0: {} } }),
      status: 400,
      says: 'Invalid request: logInfo.legs must be an array',
    },
    {
      route,
      name: 'a note over 1 MB',
      send: withInfo({}, { note: 'n'.repeat(1024 * 1024 + 1) }),
      status: 400,
      says: 'Invalid request: note must be at most 1048576 characters',
    },
    {
      route,
      name: 'a note as a number',
      send: withInfo({}, { note: 42 }),
      status: 400,
      says: 'Invalid request: note must be a string',
    },
    {
      route,
      name: 'contactId as an object',
      send: withInfo({}, { contactId: { id: 1 } }),
      status: 400,
      says: 'Invalid request: contactId must be a string or number',
    },
    {
      route,
      name: 'additionalSubmission as a string',
      send: withInfo({}, { additionalSubmission: 'x' }),
      status: 400,
      says: 'Invalid request: additionalSubmission must be an object',
    },
    {
      route,
      name: 'a body over 5 MB',
      send: withInfo({}, { transcript: 't'.repeat(5 * 1024 * 1024 + 10) }),
      status: 413,
      says: 'Request body too large',
    },
    {
      route,
      name: 'a form-encoded body',
      send: jsonPost('/callLog', 'logInfo=1&note=x', 'application/x-www-form-urlencoded'),
      status: 400,
      says: 'Invalid request: logInfo must be an object',
    },
    {
      route,
      name: 'malformed JSON',
      send: jsonPost('/callLog', '{"logInfo":{"sessionId":'),
      status: 400,
      says: 'Invalid request: the body is not valid JSON',
    },
    {
      route,
      name: 'a __proto__ key deep inside',
      send: jsonPost('/callLog', '{"logInfo":{"from":{"__proto__":{"x":1}}}}'),
      status: 400,
      says: 'Invalid request: the key __proto__ is not allowed',
    },
    {
      route,
      name: 'no contactId (HTML in the note)',
      send: withInfo({}, { contactId: undefined, note: '<script>alert(1)</script>' }),
      status: 200,
      says: 'Contact not found for number +14155550100',
      why: 'a call without a contact is a business failure (§5.2)',
    },
    {
      route: 'GET /callLog',
      name: 'no sessionIds',
      send: lookup('requireDetails=true'),
      status: 400,
      says: 'Invalid request: sessionIds is required',
    },
    {
      route: 'GET /callLog',
      name: 'sessionIds twice',
      send: lookup('sessionIds=1&sessionIds=2'),
      status: 400,
      says: 'Invalid request: sessionIds must be a string',
    },
    {
      route: 'GET /callLog',
      name: 'hashedExtensionId of 129 characters',
      send: lookup(`sessionIds=1&hashedExtensionId=${'h'.repeat(129)}`),
      status: 400,
      says: 'Invalid request: hashedExtensionId must be at most 128 characters',
    },
    {
      route: 'GET /callLog',
      name: '8001 characters of ids',
      send: lookup(`sessionIds=${'1'.repeat(8001)}`),
      status: 400,
      says: 'Invalid request: sessionIds must be at most 8000 characters',
    },
    {
      route: 'GET /callLog',
      name: 'an extensionNumber of 33 characters',
      send: lookup(`sessionIds=1&extensionNumber=${'1'.repeat(33)}`),
      status: 400,
      says: 'Invalid request: extensionNumber must be at most 32 characters',
    },
    {
      route: 'GET /callLog',
      name: 'SQL as a session id',
      send: lookup(`sessionIds=${encodeURIComponent("1' OR '1'='1")}`),
      status: 200,
      says: '',
      why: 'ids are data, never SQL: an unknown id is simply unmatched (§5.3)',
    },
    {
      route: 'PATCH /callLog',
      name: 'no sessionId',
      send: patch({ note: 'x' }),
      status: 400,
      says: 'Invalid request: sessionId is required',
    },
    {
      route: 'PATCH /callLog',
      name: 'sessionId as an array',
      send: patch({ sessionId: ['1'] }),
      status: 400,
      says: 'Invalid request: sessionId must be a string or number',
    },
    {
      route: 'PATCH /callLog',
      name: 'a subject of 1001 characters',
      send: patch({ sessionId: '1', subject: 's'.repeat(1001) }),
      status: 400,
      says: 'Invalid request: subject must be at most 1000 characters',
    },
    {
      route: 'PATCH /callLog',
      name: 'direction Up',
      send: patch({ sessionId: '1', direction: 'Up' }),
      status: 400,
      says: 'Invalid request: direction must be Inbound or Outbound',
    },
    {
      route: 'PATCH /callLog',
      name: 'a negative duration',
      send: patch({ sessionId: '1', duration: -1 }),
      status: 400,
      says: /^Invalid request: duration/,
    },
    {
      route: 'PATCH /callLog',
      name: 'a recordingLink as an object',
      send: patch({ sessionId: '1', recordingLink: { href: 'x' } }),
      status: 400,
      says: 'Invalid request: recordingLink must be a string',
    },
    {
      route: 'PATCH /callLog',
      name: 'legs as a number',
      send: patch({ sessionId: '1', legs: 3 }),
      status: 400,
      says: 'Invalid request: legs must be an array',
    },
    {
      route: 'PATCH /callLog',
      name: 'an unparsable startTime',
      send: patch({ sessionId: '1', startTime: 'soon' }),
      status: 400,
      says: /^Invalid request: startTime/,
    },
    {
      route: 'PATCH /callLog',
      name: 'a JSON string body',
      send: jsonPost('/callLog', '"sessionId"'),
      status: 400,
      says: /^Invalid request/,
    },
    {
      route: 'PUT /callDisposition',
      name: 'no sessionId',
      send: (c) => authed(c.t.http.put('/callDisposition'), c).send({ dispositions: {} }),
      status: 400,
      says: 'Invalid request: sessionId is required',
    },
    {
      route: 'PUT /callDisposition',
      name: 'dispositions as a string',
      send: (c) =>
        authed(c.t.http.put('/callDisposition'), c).send({
          sessionId: '1',
          dispositions: 'resolved',
        }),
      status: 400,
      says: 'Invalid request: dispositions must be an object',
    },
    {
      route: 'PUT /callDisposition',
      name: 'sessionId with HTML',
      send: (c) => authed(c.t.http.put('/callDisposition'), c).send({ sessionId: '<b>1</b>' }),
      status: 400,
      says: 'Invalid request: sessionId has invalid characters',
    },
    {
      route: 'PUT /callDisposition',
      name: 'additionalSubmission as an array',
      send: (c) =>
        authed(c.t.http.put('/callDisposition'), c).send({
          sessionId: '1',
          additionalSubmission: [],
        }),
      status: 400,
      says: 'Invalid request: additionalSubmission must be an object',
    },
    {
      route: 'PUT /callDisposition',
      name: 'malformed JSON',
      send: (c) =>
        authed(c.t.http.put('/callDisposition'), c)
          .set('content-type', 'application/json')
          .send('{"sessionId":'),
      status: 400,
      says: 'Invalid request: the body is not valid JSON',
    },
    {
      route: 'POST /callLog/cacheNote',
      name: 'no sessionId',
      send: (c) => authed(c.t.http.post('/callLog/cacheNote'), c).send({ note: 'x' }),
      status: 400,
      says: 'Invalid request: sessionId is required',
    },
    {
      route: 'POST /callLog/cacheNote',
      name: 'no note',
      send: (c) => authed(c.t.http.post('/callLog/cacheNote'), c).send({ sessionId: '1' }),
      status: 400,
      says: 'Invalid request: note is required',
    },
    {
      route: 'POST /callLog/cacheNote',
      name: 'a note over 64 KB',
      send: (c) =>
        authed(c.t.http.post('/callLog/cacheNote'), c).send({
          sessionId: '1',
          note: 'n'.repeat(64 * 1024 + 1),
        }),
      status: 400,
      says: /^Invalid request: note must be at most/,
    },
    {
      route: 'POST /callLog/cacheNote',
      name: 'a note of 64 KB of multi-byte text',
      send: (c) =>
        authed(c.t.http.post('/callLog/cacheNote'), c).send({
          sessionId: '1',
          note: '€'.repeat(30000),
        }),
      status: 400,
      says: /^Invalid request: note/,
    },
    {
      route: 'POST /callLog/cacheNote',
      name: 'sessionId 0',
      send: (c) => authed(c.t.http.post('/callLog/cacheNote'), c).send({ sessionId: 0, note: 'x' }),
      status: 400,
      says: 'Invalid request: sessionId must not be 0',
    },
  ];
}

describeBadInput('call-logs', [...callLogRows()], {
  minRows: 51,
  routes: [
    'GET /callLog',
    'POST /callLog',
    'PATCH /callLog',
    'PUT /callDisposition',
    'POST /callLog/cacheNote',
  ],
});
