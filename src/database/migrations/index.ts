import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { OAuthStatesAndLeases1764100000000 } from './1764100000000-oauth-states-and-leases.js';
import { MessageLogs1764200000000 } from './1764200000000-message-logs-and-note-cache.js';
import { ByteExactIdentifiers1764300000000 } from './1764300000000-byte-exact-identifiers.js';
import { CalldownEntries1764400000000 } from './1764400000000-calldown-entries.js';
import { AdminSettings1764550000000 } from './1764550000000-admin-settings.js';
import { ManagedCredentials1764600000000 } from './1764600000000-managed-credentials.js';
import { CrmUserMappings1764700000000 } from './1764700000000-crm-user-mappings.js';
import { ManagedOAuth1764800000000 } from './1764800000000-managed-oauth.js';

/** Every migration, oldest first; add new ones at the end. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  OAuthStatesAndLeases1764100000000,
  MessageLogs1764200000000,
  ByteExactIdentifiers1764300000000,
  CalldownEntries1764400000000,
  AdminSettings1764550000000,
  ManagedCredentials1764600000000,
  CrmUserMappings1764700000000,
  ManagedOAuth1764800000000,
];
