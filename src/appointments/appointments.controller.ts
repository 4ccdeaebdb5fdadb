import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Envelope } from '../common/envelope.js';
import {
  ApiFailures,
  ApiJsonOk,
  ApiSessionFailures,
} from '../common/openapi/api-replies.decorator.js';
import { ApiWrappedBody, WrappedBody } from '../common/validation/wrapped-body.decorator.js';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { AppointmentsService } from './appointments.service.js';
import { AppointmentPatchDto } from './dto/appointment-patch.dto.js';
import { AppointmentStatusDto } from './dto/appointment-status.dto.js';
import { CreateAppointmentDto } from './dto/create-appointment.dto.js';
import { ListAppointmentsQuery } from './dto/list-appointments.query.js';

@Controller('appointments')
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Get()
  @ApiOperation({ operationId: 'getAppointments', summary: 'List appointments' })
  @ApiJsonOk('AppointmentListResponse')
  @ApiSessionFailures()
  list(@CurrentUser() user: UserEntity, @Query() query: ListAppointmentsQuery): Promise<Envelope> {
    return this.appointments.list(user, query);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'postAppointments', summary: 'Create an appointment' })
  @ApiWrappedBody('payload', CreateAppointmentDto)
  @ApiJsonOk('AppointmentCreateResponse')
  @ApiSessionFailures()
  @ApiFailures(413)
  create(
    @CurrentUser() user: UserEntity,
    @WrappedBody('payload', CreateAppointmentDto) body: CreateAppointmentDto,
  ): Promise<Envelope> {
    return this.appointments.create(user, body);
  }

  @Patch(':appointmentId')
  @ApiOperation({ operationId: 'patchAppointment', summary: 'Update an appointment' })
  @ApiWrappedBody('patch', AppointmentPatchDto)
  @ApiJsonOk('AppointmentRecordResponse')
  @ApiSessionFailures()
  @ApiFailures(413)
  update(
    @CurrentUser() user: UserEntity,
    @Param('appointmentId') appointmentId: string,
    @WrappedBody('patch', AppointmentPatchDto) body: AppointmentPatchDto,
  ): Promise<Envelope> {
    return this.appointments.update(user, appointmentId, body);
  }

  @Post(':appointmentId/status')
  @HttpCode(200)
  @ApiOperation({ operationId: 'postAppointmentStatus', summary: 'Update an appointment status' })
  @ApiJsonOk('AppointmentRecordResponse')
  @ApiSessionFailures()
  setStatus(
    @CurrentUser() user: UserEntity,
    @Param('appointmentId') appointmentId: string,
    @Body() body: AppointmentStatusDto,
  ): Promise<Envelope> {
    return this.appointments.setStatus(user, appointmentId, body.status);
  }

  @Get(':appointmentId/refresh')
  @ApiOperation({ operationId: 'getAppointmentRefresh', summary: 'Refresh an appointment' })
  @ApiJsonOk('AppointmentRecordResponse')
  @ApiSessionFailures()
  refresh(
    @CurrentUser() user: UserEntity,
    @Param('appointmentId') appointmentId: string,
  ): Promise<Envelope> {
    return this.appointments.refresh(user, appointmentId);
  }

  @Post(':appointmentId/confirm')
  @HttpCode(200)
  @ApiOperation({ operationId: 'postAppointmentConfirm', summary: 'Confirm an appointment' })
  @ApiJsonOk('AppointmentActionResponse')
  @ApiSessionFailures()
  confirm(
    @CurrentUser() user: UserEntity,
    @Param('appointmentId') appointmentId: string,
  ): Promise<Envelope> {
    return this.appointments.confirm(user, appointmentId);
  }

  @Post(':appointmentId/cancel')
  @HttpCode(200)
  @ApiOperation({ operationId: 'postAppointmentCancel', summary: 'Cancel an appointment' })
  @ApiJsonOk('AppointmentActionResponse')
  @ApiSessionFailures()
  cancel(
    @CurrentUser() user: UserEntity,
    @Param('appointmentId') appointmentId: string,
  ): Promise<Envelope> {
    return this.appointments.cancel(user, appointmentId);
  }
}
