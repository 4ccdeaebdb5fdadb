import { IsText } from '../../common/validation/decorators.js';

/** POST /appointments/{appointmentId}/status. */
export class AppointmentStatusDto {
  @IsText(64, { required: true, trim: true })
  status: string;
}
