import type { DispositionValue } from '../crm/crm-activity.types.js';
import type { CrmProvider } from '../crm/crm-provider.js';

/** The values of the provider's `logFormFields.callLog` among `values`; the rest is not the CRM's. */
export function declaredDispositions(
  provider: Pick<CrmProvider, 'logFormFields'>,
  values: Record<string, unknown>,
): Record<string, DispositionValue> {
  const declared = new Set(provider.logFormFields?.callLog?.map((field) => field.const));
  return Object.fromEntries(
    Object.entries(values).filter(
      (entry): entry is [string, DispositionValue] =>
        declared.has(entry[0]) && ['string', 'number', 'boolean'].includes(typeof entry[1]),
    ),
  );
}
