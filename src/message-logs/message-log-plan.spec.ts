import type { CreateMessageLogDto } from './dto/create-message-log.dto.js';
import type { MessageDto } from './dto/message.dto.js';
import { planMessageLog } from './message-log-plan.js';

const JANE = { phoneNumber: '+14155550100', name: 'Jane Doe' };
const msg = (id: string, at: string, extra: Partial<MessageDto> = {}): MessageDto => ({
  id,
  type: 'SMS',
  direction: 'Inbound',
  subject: `text ${id}`,
  creationTime: new Date(at),
  from: JANE,
  to: [{ phoneNumber: '+16505550111' }],
  ...extra,
});
const request = (
  messages: MessageDto[],
  extra: Partial<CreateMessageLogDto> = {},
  info: Partial<CreateMessageLogDto['logInfo']> = {},
): CreateMessageLogDto => ({
  logInfo: {
    conversationId: 'c1',
    conversationLogId: 'c1-2024-05-01',
    type: 'SMS',
    correspondents: [JANE],
    messages,
    ...info,
  },
  contactId: '101',
  contactName: 'Jane Doe (CRM)',
  ...extra,
});

describe('planMessageLog', () => {
  it('orders messages oldest first, keyed by message id, grouped by conversationLogId', () => {
    const plan = planMessageLog(
      request([
        msg('3', '2024-05-01T18:00:00Z'),
        msg('1', '2024-05-01T15:00:00Z'),
        msg('2', '2024-05-01T16:00:00Z', { direction: 'Outbound', from: { name: 'RC Agent' } }),
      ]),
      'Alice Example',
    );
    expect(plan).toMatchObject({
      conversationId: 'c1',
      groupKey: 'c1-2024-05-01',
      kind: 'sms',
      isGroup: false,
      isShared: false,
      contactNumber: '+14155550100',
    });
    expect(plan.all.map((m) => [m.id, m.key, m.digest.sender])).toEqual([
      ['1', '1', 'Jane Doe (CRM)'],
      ['2', '2', 'Alice Example'],
      ['3', '3', 'Jane Doe (CRM)'],
    ]);
    expect(plan.selected).toEqual(plan.all);
    expect(plan.conversation).toEqual({
      kind: 'sms',
      contactName: 'Jane Doe (CRM)',
      participants: ['Jane Doe (CRM) (+14155550100)', 'Alice Example'],
      owner: undefined,
      assignee: undefined,
    });
  });

  it('keeps messages with the same time in the order sent, and each id once', () => {
    const at = '2024-05-01T15:00:00Z';
    const plan = planMessageLog(
      request([msg('b', at), msg('a', at), msg('b', '2024-05-01T14:00:00Z')]),
      'A',
    );
    expect(plan.all.map((m) => m.id)).toEqual(['b', 'a']);
  });

  it('narrows to selectedMessageIds, and to nothing for an empty selection', () => {
    const messages = [msg('1', '2024-05-01T15:00:00Z'), msg('2', '2024-05-01T16:00:00Z')];
    expect(
      planMessageLog(request(messages, { selectedMessageIds: ['2', 'x'] }), 'A').selected.map(
        (m) => m.id,
      ),
    ).toEqual(['2']);
    expect(planMessageLog(request(messages, { selectedMessageIds: [] }), 'A').selected).toEqual([]);
  });

  it('suffixes group-SMS keys with the contact id and names each sender', () => {
    const bob = { phoneNumber: '+14155550123', name: 'Bob Roe' };
    const plan = planMessageLog(
      request(
        [
          msg('1', '2024-05-01T15:00:00Z', { from: { phoneNumber: bob.phoneNumber } }),
          msg('2', '2024-05-01T15:01:00Z', { from: { phoneNumber: '+14155550999' } }),
        ],
        {},
        { correspondents: [JANE, bob, { phoneNumber: '+14155550999' }] },
      ),
      'Alice Example',
    );
    expect(plan.isGroup).toBe(true);
    expect(plan.groupKey).toBe('c1-2024-05-01-101');
    expect(plan.all.map((m) => [m.key, m.digest.sender])).toEqual([
      ['1-101', 'Bob Roe'],
      ['2-101', '+14155550999'],
    ]);
    expect(plan.conversation.participants).toEqual([
      'Jane Doe (CRM)',
      'Jane Doe',
      'Bob Roe',
      '+14155550999',
      'Alice Example',
    ]);
  });

  it('shows the owner, the assignee and the author of each outbound shared-inbox message', () => {
    const plan = planMessageLog(
      request(
        [
          msg('1', '2024-05-01T15:00:00Z'),
          msg('2', '2024-05-01T15:01:00Z', {
            direction: 'Outbound',
            author: { name: 'Agent Smith' },
            from: { name: 'Support queue' },
          }),
          msg('3', '2024-05-01T15:02:00Z', {
            direction: 'Outbound',
            from: { name: 'Agent Jones' },
          }),
          msg('4', '2024-05-01T15:03:00Z', { direction: 'Outbound', from: {} }),
        ],
        {},
        { owner: { name: 'Support queue' }, assignee: { name: 'Agent Smith' } },
      ),
      'Alice Example',
    );
    expect(plan.isShared).toBe(true);
    expect(plan.all.map((m) => m.digest.sender)).toEqual([
      'Jane Doe (CRM)',
      'Agent Smith',
      'Agent Jones',
      'Support queue',
    ]);
    expect(plan.conversation).toMatchObject({
      owner: 'Support queue',
      assignee: 'Agent Smith',
      participants: [
        'Jane Doe (CRM) (+14155550100)',
        'Agent Smith',
        'Agent Jones',
        'Support queue',
      ],
    });
  });

  it.each([
    [{ type: 'Fax' }, 'fax'],
    [{ type: 'VoiceMail' }, 'voicemail'],
    [{ type: 'SMS' }, 'sms'],
    [{ type: 'Pager' }, 'sms'],
    [{ type: undefined }, 'sms'],
  ])('reads the kind from logInfo.type %j', (info, kind) => {
    expect(planMessageLog(request([msg('1', '2024-05-01T15:00:00Z')], {}, info), 'A').kind).toBe(
      kind,
    );
  });

  it('falls back to the first message type, then names an unknown contact', () => {
    const fax = msg('1', '2024-05-01T15:00:00Z', { type: 'Fax' });
    const plan = planMessageLog(
      request([fax], { contactName: undefined }, { type: undefined, correspondents: [] }),
      '',
    );
    expect(plan.kind).toBe('fax');
    expect(plan.conversation.contactName).toBe('Unknown contact');
    expect(plan.conversation.participants).toEqual(['Unknown contact', 'Agent']);
  });
});

describe('planMessageLog: a request with only what the official contract requires', () => {
  const RECEIVED = new Date('2024-05-02T01:30:00Z');
  const minimal = (messages: MessageDto[]): CreateMessageLogDto => ({
    logInfo: { correspondents: [JANE], messages },
    contactId: '101',
  });

  it('derives the group key from the correspondents and the day in the user zone', () => {
    const plan = planMessageLog(minimal([{ id: '1', type: 'SMS' }]), 'Alice', {
      receivedAt: RECEIVED,
      timeZone: 'America/New_York',
    });
    expect(plan.conversationId).toMatch(/^numbers-/);
    expect(plan.groupKey).toBe(`${plan.conversationId}-2024-05-01`);
  });

  it('dates a message without creationTime at the time received, keeping the sent order', () => {
    const plan = planMessageLog(
      minimal([
        { id: '2', type: 'SMS' },
        { id: '1', type: 'SMS', creationTime: new Date('2024-05-01T15:00:00Z') },
        { id: '3', type: 'SMS' },
      ]),
      'Alice',
      { receivedAt: RECEIVED },
    );
    expect(plan.all.map((m) => [m.id, m.digest.creationTime])).toEqual([
      ['1', new Date('2024-05-01T15:00:00Z')],
      ['2', RECEIVED],
      ['3', RECEIVED],
    ]);
    expect(plan.groupKey).toBe(`${plan.conversationId}-2024-05-01`);
  });

  it("infers a missing direction from the sender: a correspondent's number is inbound", () => {
    const plan = planMessageLog(
      minimal([
        { id: '1', type: 'SMS', from: { phoneNumber: '+14155550100' } },
        { id: '2', type: 'SMS', from: { phoneNumber: '+16505550111' } },
        { id: '3', type: 'SMS' },
      ]),
      'Alice',
      { receivedAt: RECEIVED },
    );
    expect(plan.all.map((m) => [m.id, m.digest.direction, m.digest.sender])).toEqual([
      ['1', 'Inbound', 'Jane Doe'],
      ['2', 'Outbound', 'Alice'],
      ['3', 'Inbound', 'Jane Doe'],
    ]);
  });
});
