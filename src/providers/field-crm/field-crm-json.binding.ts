import type { Env } from '../../config/define-config.js';
import { resolveDefinition, type ResolvedDefinition } from '../declarative/declarative-loader.js';
import fieldCrmJson from './field-crm.json' with { type: 'json' };

export const FIELD_CRM_JSON_FILE = 'src/providers/field-crm/field-crm.json';

/** examples/field-crm bound by its JSON file (`field-crm`) when FIELD_CRM_URL is set; else undefined. */
export function fieldCrmDefinition(env: Env): ResolvedDefinition | undefined {
  const url = env.FIELD_CRM_URL?.trim().replace(/\/+$/, '');
  if (!url) return undefined;
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // resolveDefinition reports the bad URL as baseUrl's mistake.
  }
  return resolveDefinition(
    fieldCrmJson,
    FIELD_CRM_JSON_FILE,
    {
      FIELD_CRM_URL: url,
      FIELD_CRM_PUBLIC_HOST: host,
    },
    { bundled: true },
  );
}
