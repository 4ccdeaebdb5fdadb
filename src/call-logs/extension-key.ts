/** Where a call's extension key can come from (docs/client-contract.md, Call logs). */
export interface ExtensionKeySources {
  hashedExtensionId?: string;
  rcExtensionId?: string;
  rcExtensionIdHeader?: string;
  extensionNumber?: string;
}

/**
 * The extension key that lets both RingCentral parties of an internal call log the same session
 * separately: the first present of hashedExtensionId, our hash of rcExtensionId, the rc-extension-id
 * header, `n:<extensionNumber>`, or "".
 */
export function extensionKeyOf(sources: ExtensionKeySources, hash: (id: string) => string): string {
  const present = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  const hashed = present(sources.hashedExtensionId);
  if (hashed) return hashed.slice(0, 128);
  const rcExtensionId = present(sources.rcExtensionId);
  if (rcExtensionId) return hash(rcExtensionId);
  const header = present(sources.rcExtensionIdHeader);
  if (header) return header.slice(0, 128);
  const extensionNumber = present(sources.extensionNumber);
  return extensionNumber ? `n:${extensionNumber}`.slice(0, 128) : '';
}
