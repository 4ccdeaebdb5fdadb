import { createMock } from '@golevelup/ts-jest';
import { jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { CrmSessionService } from '../auth/crm-session.service.js';
import { CrmError } from '../crm/crm-error.js';
import type { CrmContext } from '../crm/crm-context.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import type { UserEntity } from '../users/user.entity.js';
import type { CreateMessageLogDto } from './dto/create-message-log.dto.js';
import type { MessageDto } from './dto/message.dto.js';
import { MessageLogGroupsService, type GroupClaim } from './message-log-groups.service.js';
import { MessageLogRecordsService } from './message-log-records.service.js';
import type { MessageLogEntity } from './message-log.entity.js';
import { MessageLogsService } from './message-logs.service.js';

const user = { id: 'u1', name: 'Agent', settings: {}, timezone: 'UTC' } as unknown as UserEntity;
const JANE = { phoneNumber: '+14155550100', name: 'Jane Doe' };
const sms = (id: string): MessageDto => ({
  id,
  type: 'SMS',
  direction: 'Inbound',
  subject: `text ${id}`,
  creationTime: new Date('2024-05-01T15:00:00Z'),
  from: JANE,
  to: [{ phoneNumber: '+16505550111' }],
});
const request = (ids: string[], over: Partial<CreateMessageLogDto> = {}): CreateMessageLogDto => ({
  logInfo: {
    conversationId: 'c1',
    conversationLogId: 'c1-2024-05-01',
    type: 'SMS',
    correspondents: [JANE],
    messages: ids.map(sms),
  },
  contactId: '101',
  contactName: 'Jane Doe',
  ...over,
});
const newGroup: GroupClaim = { groupId: 'g1', token: 't', crmLogId: null } as GroupClaim;
const existingGroup: GroupClaim = { groupId: 'g1', token: 't', crmLogId: 'L1' } as GroupClaim;
const loggedAs = (crmLogId: string) => ({ crmLogId }) as MessageLogEntity;
const timedOut = () => new CrmError('UNAVAILABLE', 'timeout', { timedOut: true });
const order = (...fns: { mock: { invocationCallOrder: number[] } }[]) =>
  fns.map((fn) => fn.mock.invocationCallOrder[0] ?? NaN);

describe('MessageLogsService', () => {
  let service: MessageLogsService;
  let records: jest.Mocked<MessageLogRecordsService>;
  let groups: jest.Mocked<MessageLogGroupsService>;
  let provider: jest.Mocked<CrmProvider>;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ providers: [MessageLogsService] })
      .useMocker(() => createMock())
      .compile();
    service = moduleRef.get(MessageLogsService);
    records = moduleRef.get(MessageLogRecordsService);
    groups = moduleRef.get(MessageLogGroupsService);
    provider = createMock<CrmProvider>({ displayName: 'Stub CRM', logFormat: 'text/plain' });
    const sessions: jest.Mocked<CrmSessionService> = moduleRef.get(CrmSessionService);
    sessions.open.mockReturnValue({ provider, ctx: {} as CrmContext } as never);
    records.findByKeys.mockResolvedValue(new Map());
    groups.claim.mockResolvedValue(newGroup);
    groups.release.mockResolvedValue(undefined);
    provider.createMessageLog.mockResolvedValue({ logId: 'L1' });
    provider.getMessageLog.mockResolvedValue({ subject: 'SMS', body: 'earlier digest' } as never);
  });

  describe('log', () => {
    it('creates the day’s activity under the group’s claim, records each message, then releases', async () => {
      const reply = await service.log(user, request(['m1', 'm2']));
      expect(reply).toMatchObject({ successful: true, logIds: ['m1', 'm2'] });
      expect(groups.claim).toHaveBeenCalledWith({
        userId: 'u1',
        groupKey: 'c1-2024-05-01',
        conversationId: 'c1',
        contactId: '101',
      });
      expect(groups.setCrmLogId).toHaveBeenCalledWith(newGroup, 'L1');
      expect(records.record).toHaveBeenCalledWith('u1', [
        expect.objectContaining({ messageId: 'm1', crmLogId: 'L1', groupKey: 'c1-2024-05-01' }),
        expect.objectContaining({ messageId: 'm2', crmLogId: 'L1' }),
      ]);
      const steps = order(
        groups.claim,
        provider.createMessageLog,
        groups.setCrmLogId,
        records.record,
        groups.release,
      );
      steps.slice(1).forEach((step, i) => expect(step).toBeGreaterThan(steps[i]!));
    });

    it('sends one idempotency key per (user, conversation-day)', async () => {
      await service.log(user, request(['m1']));
      await service.log(user, request(['m2']));
      const [first, second] = provider.createMessageLog.mock.calls.map(([, input]) => input);
      expect(first!.idempotencyKey).toBe(second!.idempotencyKey);
    });

    it('appends to the activity the group already has instead of creating one', async () => {
      groups.claim.mockResolvedValue(existingGroup);
      await service.log(user, request(['m3']));
      expect(provider.createMessageLog).not.toHaveBeenCalled();
      expect(provider.getMessageLog).toHaveBeenCalledWith(expect.anything(), 'L1');
      expect(provider.updateMessageLog).toHaveBeenCalledWith(expect.anything(), 'L1', {
        body: expect.stringMatching(/earlier digest[\s\S]*text m3/),
      });
      expect(records.record).toHaveBeenCalledWith('u1', [
        expect.objectContaining({ crmLogId: 'L1' }),
      ]);
    });

    it('writes nothing and claims nothing when every message is already logged', async () => {
      records.findByKeys.mockResolvedValue(new Map([['m1', loggedAs('L0')]]));
      await expect(service.log(user, request(['m1']))).resolves.toEqual({
        successful: true,
        logIds: [],
      });
      expect(groups.claim).not.toHaveBeenCalled();
    });

    it('writes nothing when a concurrent request logged the messages while it waited for the claim', async () => {
      records.findByKeys
        .mockResolvedValueOnce(new Map())
        .mockResolvedValueOnce(new Map([['m1', loggedAs('L0')]]));
      const reply = await service.log(user, request(['m1']));
      expect(reply).toEqual({ successful: true, logIds: [] });
      expect(provider.createMessageLog).not.toHaveBeenCalled();
      expect(groups.release).toHaveBeenCalledWith(newGroup);
    });

    it('answers a soft warning while another request holds the conversation', async () => {
      groups.claim.mockResolvedValue(undefined);
      const reply = await service.log(user, request(['m1']));
      expect(reply).toMatchObject({ successful: false });
      expect(reply.returnMessage?.message).toMatch(/already being logged/);
      expect(provider.createMessageLog).not.toHaveBeenCalled();
    });

    it('answers soft warnings without a message or without a contact', async () => {
      const empty = await service.log(user, request([]));
      expect(empty.returnMessage?.message).toBe('No message to log.');
      const noContact = await service.log(user, request(['m1'], { contactId: ' ' }));
      expect(noContact).toMatchObject({ successful: false });
      expect(noContact.returnMessage?.message).toBe('Contact not found for number +14155550100');
      expect(groups.claim).not.toHaveBeenCalled();
    });

    it('records nothing and releases the claim when the CRM refuses the write', async () => {
      provider.createMessageLog.mockRejectedValue(new CrmError('INVALID_INPUT', 'bad'));
      await expect(service.log(user, request(['m1']))).rejects.toThrow('bad');
      expect(records.record).not.toHaveBeenCalled();
      expect(groups.release).toHaveBeenCalledWith(newGroup);
    });

    it('keeps the claim when a write’s outcome is unknown', async () => {
      provider.createMessageLog.mockRejectedValue(timedOut());
      await expect(service.log(user, request(['m1']))).rejects.toThrow(CrmError);
      expect(records.record).not.toHaveBeenCalled();
      expect(groups.release).not.toHaveBeenCalled();
    });

    it('releases the claim when only a read timed out (nothing was written)', async () => {
      groups.claim.mockResolvedValue(existingGroup);
      provider.getMessageLog.mockRejectedValue(timedOut());
      await expect(service.log(user, request(['m1']))).rejects.toThrow(CrmError);
      expect(provider.updateMessageLog).not.toHaveBeenCalled();
      expect(groups.release).toHaveBeenCalledWith(existingGroup);
    });

    it('answers the logged messages even when releasing the claim fails', async () => {
      groups.release.mockRejectedValue(new Error('db down'));
      const reply = await service.log(user, request(['m1']));
      expect(reply).toMatchObject({ successful: true, logIds: ['m1'] });
    });
  });

  describe('match', () => {
    it('answers each distinct id once, preferring the row keyed by the message id itself', async () => {
      records.findByMessageIds.mockResolvedValue([
        { messageId: 'm1', messageKey: 'm1#shared', crmLogId: 'L-shared', contactId: '7' },
        { messageId: 'm1', messageKey: 'm1', crmLogId: 'L1', contactId: '101' },
      ] as MessageLogEntity[]);
      const reply = await service.match(user, { messageIds: ['m1', ' m1 ', 'm2', ''] });
      expect(records.findByMessageIds).toHaveBeenCalledWith('u1', ['m1', 'm2']);
      expect(reply).toEqual({
        successful: true,
        messageLogs: { m1: 'L1' },
        logs: [
          { messageId: 'm1', matched: true, logId: 'L1', contactId: '101' },
          { messageId: 'm2', matched: false },
        ],
      });
    });
  });
});
