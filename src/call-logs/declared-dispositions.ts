import type { CrmProvider, DispositionValue } from '../crm/crm-provider.interface.js';

/**
 * The values of the provider's declared call-log form fields (`logFormFields.callLog`) among
 * `values`: other keys (the agent note, RingCentral extras) are not the CRM's to store.
 */
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
