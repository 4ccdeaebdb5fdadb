import { Injectable } from '@nestjs/common';
import { CrmSessionService } from '../auth/crm-session.service.js';
import { warning, type Envelope } from '../common/envelope.js';
import { RcIdHasher } from '../users/rc-id-hasher.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { CallLogMappingsService } from './call-log-mappings.service.js';
import { declaredDispositions } from './declared-dispositions.js';
import type { UpsertCallDispositionDto } from './dto/upsert-call-disposition.dto.js';
import { extensionKeyOf } from './extension-key.js';

/** PUT /callDisposition: the declared call-log form values on a logged call. */
@Injectable()
export class CallDispositionsService {
  constructor(
    private readonly sessions: CrmSessionService,
    private readonly mappings: CallLogMappingsService,
    private readonly hasher: RcIdHasher,
  ) {}

  async upsert(
    user: UserEntity,
    input: UpsertCallDispositionDto,
    rcExtensionIdHeader?: string,
  ): Promise<Envelope> {
    const { provider, ctx } = this.sessions.open(user);
    const row = await this.mappings.find({
      userId: user.id,
      sessionId: input.sessionId,
      extensionKey: extensionKeyOf({ ...input, rcExtensionIdHeader }, (id) => this.hasher.hash(id)),
    });
    if (!row || row.status !== 'logged' || !row.crmLogId) {
      return { successful: false, returnMessage: warning('Cannot find log', 3000) };
    }
    if (!provider.upsertCallDisposition) return { successful: true };
    const dispositions = declaredDispositions(provider, {
      ...input.additionalSubmission,
      ...input.dispositions,
    });
    if (Object.keys(dispositions).length > 0) {
      await provider.upsertCallDisposition(ctx, row.crmLogId, dispositions);
    }
    return { successful: true, logId: row.crmLogId };
  }
}
