import type { CrmAppointment } from '../crm/crm-appointment.types.js';

/** An appointment as the client reads it (the contract's IdentifiedAppointment). */
export function toClientAppointment(appointment: CrmAppointment): Record<string, unknown> {
  return {
    id: appointment.id,
    thirdPartyAppointmentId: appointment.thirdPartyAppointmentId ?? appointment.id,
    title: appointment.title,
    description: appointment.description,
    startTimeUtc: appointment.startTimeUtc,
    durationMinutes: appointment.durationMinutes,
    status: appointment.status,
    ...(appointment.contactId === undefined ? {} : { contactId: appointment.contactId }),
    ...(appointment.contactType === undefined ? {} : { contactType: appointment.contactType }),
    attendees: appointment.attendees ?? [],
  };
}
