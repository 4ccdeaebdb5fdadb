import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'crm-bridge:public';

/** Marks a route that needs no session token (every other route does). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
