import { Injectable } from '@nestjs/common';
import { CrmSessionService } from './crm-session.service.js';
import { warning, type Envelope } from '../common/envelope.js';
import { softCrmFailure } from '../crm/soft-crm-failure.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';

/** POST /user/refreshInfo (docs/client-contract.md, User): the CRM profile, read again and stored. */
@Injectable()
export class UserProfileService {
  constructor(
    private readonly sessions: CrmSessionService,
    private readonly users: UsersService,
  ) {}

  /** Credentials now of another CRM user change nothing: records keep their identity. */
  async refresh(user: UserEntity): Promise<Envelope> {
    const { provider, ctx } = this.sessions.open(user);
    let info;
    try {
      info = await provider.getUserInfo(ctx);
    } catch (error) {
      return softCrmFailure(error);
    }
    if (String(info.id) !== user.crmUserId) {
      return {
        successful: false,
        returnMessage: warning(
          `These ${provider.displayName} credentials now belong to another user. Please connect again.`,
          5000,
        ),
      };
    }
    await this.users.updateProfile(user.id, {
      name: info.name?.trim() ? info.name.trim().slice(0, 255) : user.name,
      timezone: isTimeZone(info.timezone) ? info.timezone : user.timezone,
    });
    return { successful: true };
  }
}

function isTimeZone(zone: string | undefined): zone is string {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
