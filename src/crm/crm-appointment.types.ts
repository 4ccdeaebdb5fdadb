/** An appointment as a provider reads it from the CRM (the contract's IdentifiedAppointment). */
export interface CrmAppointment {
  id: string;
  title: string;
  description: string;
  /** ISO 8601 with its offset (`Z` for UTC). */
  startTimeUtc: string;
  durationMinutes: number;
  /** The CRM's own status word, e.g. `scheduled`, `confirmed`, `cancelled`. */
  status: string;
  /** The record id to open it in the CRM, when it differs from `id`. */
  thirdPartyAppointmentId?: string;
  contactId?: string;
  contactType?: string;
  attendees?: CrmAppointmentAttendee[];
}

export interface CrmAppointmentAttendee {
  id: string;
  name?: string;
  type?: string;
  status?: string;
  email?: string;
}

/** Inclusive calendar dates (`YYYY-MM-DD`); without one the provider picks its default window. */
export interface AppointmentRange {
  startDate: string;
  endDate: string;
}

/** A CRM contact to link: a positive id, and its type when the client named one. */
export interface AppointmentContact {
  id: string;
  type?: string;
}

export interface NewAppointment {
  title: string;
  /** The description or agenda; may be empty. */
  summary: string;
  startTimeUtc: string;
  durationMinutes: number;
  contacts: AppointmentContact[];
}

/** Only the fields to change; a new start always comes with its duration. */
export interface AppointmentChanges {
  title?: string;
  summary?: string;
  startTimeUtc?: string;
  durationMinutes?: number;
  contacts?: AppointmentContact[];
  /** Lowercase, as the client's status route sends it; which words work is the CRM's call. */
  status?: string;
}
