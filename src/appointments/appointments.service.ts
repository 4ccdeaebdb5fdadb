import { Injectable } from '@nestjs/common';
import { CrmSessionService } from '../auth/crm-session.service.js';
import { success, type Envelope } from '../common/envelope.js';
import { AppError } from '../common/errors/app-error.js';
import type {
  AppointmentChanges,
  AppointmentContact,
  AppointmentRange,
  CrmAppointment,
} from '../crm/crm-appointment.types.js';
import type { CrmContext } from '../crm/crm-context.js';
import { CrmError } from '../crm/crm-error.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import type { UserEntity } from '../users/user.entity.js';
import { toClientAppointment } from './appointment-reply.js';
import type { AppointmentContactInput } from './dto/appointment-contacts.decorator.js';
import type { AppointmentPatchDto } from './dto/appointment-patch.dto.js';
import type { CreateAppointmentDto } from './dto/create-appointment.dto.js';
import type { ListAppointmentsQuery } from './dto/list-appointments.query.js';

type AppointmentOperation =
  | 'listAppointments'
  | 'createAppointment'
  | 'updateAppointment'
  | 'refreshAppointment'
  | 'confirmAppointment'
  | 'cancelAppointment';

const ID_MAX = 255;

/**
 * The Appointments routes (docs/client-contract.md, Appointments): each is one optional provider
 * operation; a CRM failure is the filter's soft `successful: false` reply.
 */
@Injectable()
export class AppointmentsService {
  constructor(private readonly sessions: CrmSessionService) {}

  list(user: UserEntity, query: ListAppointmentsQuery): Promise<Envelope> {
    const range = rangeOf(query);
    return this.call(user, 'listAppointments', async (provider, ctx) => {
      const appointments = await provider.listAppointments!(ctx, range);
      return { successful: true, appointments: appointments.map(toClientAppointment) };
    });
  }

  create(user: UserEntity, input: CreateAppointmentDto): Promise<Envelope> {
    return this.call(user, 'createAppointment', async (provider, ctx) => {
      const created = await provider.createAppointment!(ctx, {
        title: input.title,
        summary: input.summary,
        startTimeUtc: input.startTimeUtc,
        durationMinutes: input.durationMinutes,
        contacts: contactsOf(input.contacts ?? []),
      });
      return {
        successful: true,
        appointmentId: created.id,
        appointment: toClientAppointment(created),
        returnMessage: success('Appointment created'),
      };
    });
  }

  update(user: UserEntity, appointmentId: string, patch: AppointmentPatchDto): Promise<Envelope> {
    const changes = changesOf(patch);
    return this.record(user, 'updateAppointment', appointmentId, (provider, ctx) =>
      provider.updateAppointment!(ctx, appointmentId, changes),
    );
  }

  /** The status route is an update of the status alone, lowercased as the contract says. */
  setStatus(user: UserEntity, appointmentId: string, status: string): Promise<Envelope> {
    return this.record(user, 'updateAppointment', appointmentId, (provider, ctx) =>
      provider.updateAppointment!(ctx, appointmentId, { status: status.toLowerCase() }),
    );
  }

  refresh(user: UserEntity, appointmentId: string): Promise<Envelope> {
    return this.record(user, 'refreshAppointment', appointmentId, (provider, ctx) =>
      provider.refreshAppointment!(ctx, appointmentId),
    );
  }

  confirm(user: UserEntity, appointmentId: string): Promise<Envelope> {
    return this.record(
      user,
      'confirmAppointment',
      appointmentId,
      (provider, ctx) => provider.confirmAppointment!(ctx, appointmentId),
      'Appointment confirmed',
    );
  }

  cancel(user: UserEntity, appointmentId: string): Promise<Envelope> {
    return this.record(
      user,
      'cancelAppointment',
      appointmentId,
      (provider, ctx) => provider.cancelAppointment!(ctx, appointmentId),
      'Appointment cancelled',
    );
  }

  /** A route that answers the appointment as it now is (AppointmentRecordResponse). */
  private record(
    user: UserEntity,
    operation: AppointmentOperation,
    appointmentId: string,
    work: (provider: CrmProvider, ctx: CrmContext) => Promise<CrmAppointment>,
    message?: string,
  ): Promise<Envelope> {
    if (appointmentId.length > ID_MAX) {
      throw AppError.invalidRequest(`appointmentId must be at most ${ID_MAX} characters`);
    }
    return this.call(user, operation, async (provider, ctx) => {
      const appointment = await work(provider, ctx);
      return {
        successful: true,
        appointmentId,
        appointment: toClientAppointment(appointment),
        ...(message ? { returnMessage: success(message) } : {}),
      };
    });
  }

  /** A provider without the operation answers as the official server does: a 200 refusal. */
  private call(
    user: UserEntity,
    operation: AppointmentOperation,
    work: (provider: CrmProvider, ctx: CrmContext) => Promise<Envelope>,
  ): Promise<Envelope> {
    const { provider, ctx } = this.sessions.open(user);
    if (typeof provider[operation] !== 'function') {
      throw new CrmError('UNSUPPORTED', `${operation} is not implemented`, {
        crm: provider.displayName,
        operation,
      });
    }
    return work(provider, ctx);
  }
}

function rangeOf(query: ListAppointmentsQuery): AppointmentRange | undefined {
  const { startDate, endDate } = query;
  if (startDate === undefined && endDate === undefined) return undefined;
  if (startDate === undefined || endDate === undefined) {
    throw AppError.invalidRequest('startDate and endDate must be given together');
  }
  if (startDate > endDate) throw AppError.invalidRequest('startDate must not be after endDate');
  return { startDate, endDate };
}

function contactsOf(contacts: AppointmentContactInput[]): AppointmentContact[] {
  return contacts.map((contact) => {
    if (typeof contact !== 'object') return { id: String(contact) };
    const type = contact.type ?? contact.contactType;
    return type === undefined ? { id: String(contact.id) } : { id: String(contact.id), type };
  });
}

/** The contract's three patch forms: other fields alone, or a new start with its duration. */
function changesOf(patch: AppointmentPatchDto): AppointmentChanges {
  if (patch.startTimeUtc !== undefined && patch.startTime !== undefined) {
    throw AppError.invalidRequest('give startTimeUtc or startTime, not both');
  }
  const startTimeUtc = patch.startTimeUtc ?? patch.startTime;
  if ((startTimeUtc === undefined) !== (patch.durationMinutes === undefined)) {
    throw AppError.invalidRequest('startTimeUtc and durationMinutes must be given together');
  }
  const changes: AppointmentChanges = {
    ...(patch.title === undefined ? {} : { title: patch.title }),
    ...(patch.summary === undefined ? {} : { summary: patch.summary }),
    ...(patch.contacts === undefined ? {} : { contacts: contactsOf(patch.contacts) }),
    ...(startTimeUtc === undefined ? {} : { startTimeUtc, durationMinutes: patch.durationMinutes }),
  };
  if (Object.keys(changes).length === 0) {
    throw AppError.invalidRequest('the patch must change at least one field');
  }
  return changes;
}
