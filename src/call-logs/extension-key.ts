export interface ExtensionKeySources {
  hashedExtensionId?: string;
  rcExtensionId?: string;
  rcExtensionIdHeader?: string;
  extensionNumber?: string;
}

/** Lets both parties of an internal call log one session apart (docs/client-contract.md, Call logs). */
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
