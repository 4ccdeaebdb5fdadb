import { IsMinutes, IsOffsetDateTime } from '../../common/validation/calendar.decorators.js';
import { IsText } from '../../common/validation/decorators.js';
import {
  IsAppointmentContacts,
  type AppointmentContactInput,
} from './appointment-contacts.decorator.js';

/** POST /appointments: the `payload` of the canonical form, or the whole body of the direct one. */
export class CreateAppointmentDto {
  @IsText(255, { required: true, trim: true })
  title: string;

  /** The description or agenda; required, may be empty. */
  @IsText(4000)
  summary: string;

  @IsOffsetDateTime()
  startTimeUtc: string;

  @IsMinutes()
  durationMinutes: number;

  @IsAppointmentContacts()
  contacts?: AppointmentContactInput[];
}
