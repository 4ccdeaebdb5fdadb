/** `customSubject`, else `Inbound Call from <contact>`, `Outbound Call to …` or `Call with …`. */
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
