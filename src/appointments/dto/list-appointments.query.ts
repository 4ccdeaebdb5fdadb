import { IsCalendarDate } from '../../common/validation/calendar.decorators.js';

/** GET /appointments: both dates or neither. Older clients' range, mineOnly, forceSync are ignored. */
export class ListAppointmentsQuery {
  @IsCalendarDate({ optional: true })
  startDate?: string;

  @IsCalendarDate({ optional: true })
  endDate?: string;
}
