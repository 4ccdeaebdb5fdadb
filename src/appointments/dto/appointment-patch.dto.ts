import { IsMinutes, IsOffsetDateTime } from '../../common/validation/calendar.decorators.js';
import { IsText } from '../../common/validation/decorators.js';
import {
  IsAppointmentContacts,
  type AppointmentContactInput,
} from './appointment-contacts.decorator.js';

/**
 * PATCH /appointments/{appointmentId}: the `patch` of the canonical form, or the whole body. At
 * least one field; a new start comes with its duration (AppointmentsService checks the pairs).
 */
export class AppointmentPatchDto {
  @IsText(255, { optional: true, required: true, trim: true })
  title?: string;

  @IsText(4000, { optional: true })
  summary?: string;

  @IsAppointmentContacts()
  contacts?: AppointmentContactInput[];

  @IsOffsetDateTime({ optional: true })
  startTimeUtc?: string;

  /** The older spelling of startTimeUtc. */
  @IsOffsetDateTime({ optional: true })
  startTime?: string;

  @IsMinutes({ optional: true })
  durationMinutes?: number;
}
