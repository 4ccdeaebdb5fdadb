/**
 * The subject of a new call log: the client's `customSubject`, else `Inbound Call from <contact>`
 * or `Outbound Call to <contact>`, or `Call with <contact>` when the client sent no direction (without a name: `Call`).
 */
export function callLogSubject(input: {
  customSubject?: string;
  direction?: 'Inbound' | 'Outbound';
  contactName: string;
}): string {
  const custom = input.customSubject?.trim();
  if (custom) return custom;
  const name = input.contactName.trim();
  if (input.direction === 'Inbound') return name ? `Inbound Call from ${name}` : 'Inbound Call';
  if (input.direction === 'Outbound') return name ? `Outbound Call to ${name}` : 'Outbound Call';
  return name ? `Call with ${name}` : 'Call';
}
