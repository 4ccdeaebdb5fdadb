import { createMock } from '@golevelup/ts-jest';
import { jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { CrmSessionService } from '../auth/crm-session.service.js';
import { CrmError } from '../crm/crm-error.js';
import type { CrmContext } from '../crm/crm-context.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import { ClaimBusyError, NamedClaims } from '../database/claims/named-claims.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { CallLogMappingsService } from './call-log-mappings.service.js';
import type { CallLogMappingEntity } from './call-log-mapping.entity.js';
import { CallLogsService } from './call-logs.service.js';
import { CallNotesService } from './call-notes.service.js';
import type { CreateCallLogDto } from './dto/create-call-log.dto.js';
import type { UpdateCallLogDto } from './dto/update-call-log.dto.js';

const user = { id: 'u1', settings: {}, timezone: 'UTC' } as unknown as UserEntity;
const claimed = { kind: 'claimed', id: 'row-1', token: 'tok' } as const;
const unknownOutcome = () => new CrmError('UNAVAILABLE', 'timeout', { timedOut: true });
const refused = () => new CrmError('INVALID_INPUT', 'bad field', { status: 422 });

function createInput(over: Partial<CreateCallLogDto> = {}): CreateCallLogDto {
  return {
    logInfo: {
      sessionId: 's-1',
      direction: 'Inbound',
      startTime: new Date('2024-05-01T15:04:05Z'),
      duration: 63,
      result: 'Call connected',
      from: { phoneNumber: '+14155550100', name: 'Jane Doe' },
      to: { phoneNumber: '+16505550111' },
    },
    contactId: '101',
    note: 'Called back',
    ...over,
  } as CreateCallLogDto;
}

const loggedRow = { status: 'logged', crmLogId: 'L1', contactId: '101' } as CallLogMappingEntity;

describe('CallLogsService', () => {
  let service: CallLogsService;
  let mappings: jest.Mocked<CallLogMappingsService>;
  let claims: jest.Mocked<NamedClaims>;
  let notes: jest.Mocked<CallNotesService>;
  let provider: jest.Mocked<CrmProvider>;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ providers: [CallLogsService] })
      .useMocker(() => createMock())
      .compile();
    service = moduleRef.get(CallLogsService);
    mappings = moduleRef.get(CallLogMappingsService);
    claims = moduleRef.get(NamedClaims);
    notes = moduleRef.get(CallNotesService);
    provider = createMock<CrmProvider>({
      platform: 'stub',
      displayName: 'Stub CRM',
      logFormat: 'text/plain',
    });
    const ctx = {} as CrmContext;
    const sessions: jest.Mocked<CrmSessionService> = moduleRef.get(CrmSessionService);
    sessions.open.mockReturnValue({ provider, ctx } as never);
    notes.find.mockResolvedValue(undefined);
    mappings.claim.mockResolvedValue(claimed);
    provider.createCallLog.mockResolvedValue({ logId: 'L1' });
  });

  describe('create', () => {
    it('claims the call, writes the CRM activity, then records it as logged', async () => {
      const reply = await service.create(user, createInput(), 'ext-1');
      expect(reply).toMatchObject({ successful: true, logId: 'L1' });
      expect(mappings.claim).toHaveBeenCalledWith(
        { userId: 'u1', sessionId: 's-1', extensionKey: 'ext-1' },
        '101',
      );
      expect(mappings.complete).toHaveBeenCalledWith(claimed, 'L1');
      const [claim, write, complete] = [
        mappings.claim,
        provider.createCallLog,
        mappings.complete,
      ].map((fn) => fn.mock.invocationCallOrder[0]!);
      expect(claim).toBeLessThan(write);
      expect(write).toBeLessThan(complete);
      expect(mappings.release).not.toHaveBeenCalled();
    });

    it('sends an idempotency key stable per (user, call, extension)', async () => {
      await service.create(user, createInput(), 'ext-1');
      await service.create(user, createInput(), 'ext-1');
      await service.create(user, createInput(), 'ext-2');
      const keys = provider.createCallLog.mock.calls.map(([, input]) => input.idempotencyKey);
      expect(keys[0]).toBe(keys[1]);
      expect(keys[2]).not.toBe(keys[0]);
    });

    it('passes additionalSubmission whole and, as dispositions, only the declared form fields', async () => {
      Object.assign(provider, {
        logFormFields: { callLog: [{ const: 'outcome', title: 'Outcome', type: 'selection' }] },
      });
      const additionalSubmission = { outcome: 'resolved', notAField: 'x', nested: { a: 1 } };
      await service.create(user, createInput({ additionalSubmission }), 'ext-1');
      expect(provider.createCallLog.mock.calls[0]![1]).toMatchObject({
        additionalSubmission,
        dispositions: { outcome: 'resolved' },
      });
    });

    it('releases the claim when the CRM refuses the write, and rethrows', async () => {
      provider.createCallLog.mockRejectedValue(refused());
      await expect(service.create(user, createInput(), 'ext-1')).rejects.toThrow('bad field');
      expect(mappings.release).toHaveBeenCalledWith(claimed);
      expect(mappings.complete).not.toHaveBeenCalled();
    });

    it('releases the claim on a non-CRM failure too', async () => {
      provider.createCallLog.mockRejectedValue(new TypeError('bug'));
      await expect(service.create(user, createInput(), 'ext-1')).rejects.toThrow(TypeError);
      expect(mappings.release).toHaveBeenCalledWith(claimed);
    });

    it('keeps the claim when the write’s outcome is unknown (the CRM may have stored it)', async () => {
      provider.createCallLog.mockRejectedValue(unknownOutcome());
      await expect(service.create(user, createInput(), 'ext-1')).rejects.toThrow(CrmError);
      expect(mappings.release).not.toHaveBeenCalled();
      expect(mappings.complete).not.toHaveBeenCalled();
    });

    it('answers the existing log for an already logged call without writing', async () => {
      mappings.claim.mockResolvedValue({ kind: 'logged', logId: 'L0' });
      const reply = await service.create(user, createInput(), 'ext-1');
      expect(reply).toMatchObject({ successful: false, logId: 'L0' });
      expect(reply.returnMessage?.message).toBe('Existing log for session s-1');
      expect(provider.createCallLog).not.toHaveBeenCalled();
    });

    it('answers a soft warning while another request holds the claim', async () => {
      mappings.claim.mockResolvedValue({ kind: 'busy' });
      const reply = await service.create(user, createInput(), 'ext-1');
      expect(reply).toMatchObject({ successful: false });
      expect(reply.returnMessage?.message).toBe('This call is already being logged');
      expect(provider.createCallLog).not.toHaveBeenCalled();
    });

    it('without a contact, names the other party’s number and claims nothing', async () => {
      const inbound = await service.create(user, createInput({ contactId: '' }), 'ext-1');
      expect(inbound.returnMessage?.message).toBe('Contact not found for number +14155550100');
      const outbound = createInput({ contactId: undefined });
      outbound.logInfo.direction = 'Outbound';
      const reply = await service.create(user, outbound, 'ext-1');
      expect(reply).toMatchObject({ successful: false });
      expect(reply.returnMessage?.message).toBe('Contact not found for number +16505550111');
      expect(mappings.claim).not.toHaveBeenCalled();
    });

    it('uses the note cached for the session when the request has none', async () => {
      notes.find.mockResolvedValue('Cached note');
      await service.create(user, createInput({ note: '  ' }), 'ext-1');
      expect(notes.find).toHaveBeenCalledWith('u1', 's-1');
      expect(provider.createCallLog.mock.calls[0]![1].body).toContain('Cached note');
    });

    it('stamps a log without a start time with the time it was received', async () => {
      const input = createInput();
      input.logInfo.startTime = undefined;
      const before = Date.now();
      await service.create(user, input, 'ext-1');
      const { startTime } = provider.createCallLog.mock.calls[0]![1];
      expect(startTime.getTime()).toBeGreaterThanOrEqual(before);
      expect(startTime.getTime()).toBeLessThanOrEqual(Date.now());
    });

    it('refuses notes and transcripts over 1 MB together before claiming anything', async () => {
      const half = 'x'.repeat(600 * 1024);
      await expect(
        service.create(user, createInput({ note: half, transcript: half }), 'ext-1'),
      ).rejects.toMatchObject({ message: expect.stringContaining('1 MB') });
      expect(mappings.claim).not.toHaveBeenCalled();
    });
  });

  describe('find', () => {
    it('answers each distinct session id once, capped at 100, never looking up "0"', async () => {
      mappings.findMany.mockResolvedValue(
        new Map([
          ['a', loggedRow],
          ['b', { status: 'claimed', crmLogId: null } as unknown as CallLogMappingEntity],
        ]),
      );
      const ids = ['a', ' a', 'b', '0', '', ...Array.from({ length: 200 }, (_, i) => `n${i}`)];
      const reply = await service.find(user, { sessionIds: ids.join(',') }, 'ext-1');
      const logs = reply.logs as Record<string, unknown>[];
      expect(logs).toHaveLength(100);
      expect(logs.slice(0, 3)).toEqual([
        { sessionId: 'a', matched: true, logId: 'L1', contact: { id: '101' } },
        { sessionId: 'b', matched: false },
        { sessionId: '0', matched: false },
      ]);
      expect(mappings.findMany.mock.calls[0]![1]).not.toContain('0');
      expect(provider.getCallLog).not.toHaveBeenCalled();
    });

    it('with requireDetails, loads each matched log; a CRM failure is a soft warning', async () => {
      mappings.findMany.mockResolvedValue(new Map([['a', loggedRow]]));
      provider.getCallLog.mockResolvedValue({
        subject: 'Call',
        body: 'Agent notes',
        dispositions: {},
      } as never);
      const ok = await service.find(user, { sessionIds: 'a', requireDetails: true }, 'ext-1');
      expect((ok.logs as Record<string, unknown>[])[0]).toMatchObject({
        logData: { subject: 'Call', dispositions: {} },
      });
      provider.getCallLog.mockRejectedValue(new CrmError('UNAVAILABLE', 'down'));
      const soft = await service.find(user, { sessionIds: 'a', requireDetails: true }, 'ext-1');
      expect(soft).toMatchObject({ successful: false });
      expect(soft.returnMessage?.message).toBe('Could not load the existing log from Stub CRM');
    });

    it('lets a revoked session through as an error', async () => {
      mappings.findMany.mockResolvedValue(new Map([['a', loggedRow]]));
      provider.getCallLog.mockRejectedValue(new CrmError('SESSION_REVOKED', 'revoked'));
      await expect(
        service.find(user, { sessionIds: 'a', requireDetails: true }, 'ext-1'),
      ).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    });
  });

  describe('update', () => {
    const patch = { sessionId: 's-1', note: 'New note' } as UpdateCallLogDto;

    beforeEach(() => {
      mappings.find.mockResolvedValue(loggedRow);
      claims.withClaim.mockImplementation((_key, _options, work) => work());
      provider.getCallLog.mockResolvedValue({ subject: 'Call', body: 'Old note' } as never);
    });

    it('rewrites the CRM’s current body under the log’s claim', async () => {
      const reply = await service.update(user, patch, 'ext-1');
      expect(reply).toMatchObject({ successful: true, logId: 'L1', updatedNote: 'New note' });
      expect(claims.withClaim).toHaveBeenCalledWith(
        'call-log:u1:L1',
        expect.anything(),
        expect.any(Function),
      );
      expect(provider.updateCallLog).toHaveBeenCalledWith(
        expect.anything(),
        'L1',
        expect.objectContaining({ body: expect.stringContaining('New note') }),
      );
    });

    it('writes nothing when the current body cannot be read', async () => {
      provider.getCallLog.mockRejectedValue(new CrmError('UNAVAILABLE', 'down'));
      await expect(service.update(user, patch, 'ext-1')).rejects.toThrow(CrmError);
      expect(provider.updateCallLog).not.toHaveBeenCalled();
    });

    it('answers a soft warning when another update holds the log', async () => {
      claims.withClaim.mockRejectedValue(new ClaimBusyError('call-log:u1:L1'));
      const reply = await service.update(user, patch, 'ext-1');
      expect(reply).toMatchObject({ successful: false });
      expect(reply.returnMessage?.message).toMatch(/being updated by another request/);
    });

    it('answers soft warnings for a call not logged yet or still being logged', async () => {
      mappings.find.mockResolvedValueOnce(null);
      const missing = await service.update(user, patch, 'ext-1');
      expect(missing.returnMessage?.message).toMatch(/Log it first/);
      mappings.find.mockResolvedValueOnce({
        status: 'claimed',
        crmLogId: null,
      } as unknown as CallLogMappingEntity);
      const pending = await service.update(user, patch, 'ext-1');
      expect(pending.returnMessage?.message).toMatch(/still being logged/);
      expect(claims.withClaim).not.toHaveBeenCalled();
      expect(mappings.find).toHaveBeenCalledWith({
        userId: 'u1',
        sessionId: 's-1',
        extensionKey: 'ext-1',
      });
    });
  });
});
