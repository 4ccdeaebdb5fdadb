/**
 * When a fresh access token expires, and when to refresh it before that: `margin` ahead of expiry,
 * but never earlier than half its lifetime, so a CRM with short-lived tokens is not asked for a new
 * one on every request.
 */
export function tokenTimes(
  expiresInSeconds: number | undefined,
  marginSeconds: number,
  now = Date.now(),
): { tokenExpiresAt: Date | null; tokenRefreshAt: Date | null } {
  if (!expiresInSeconds) return { tokenExpiresAt: null, tokenRefreshAt: null };
  const lifetimeMs = expiresInSeconds * 1000;
  const leadMs = Math.min(marginSeconds * 1000, lifetimeMs / 2);
  return {
    tokenExpiresAt: new Date(now + lifetimeMs),
    tokenRefreshAt: new Date(now + lifetimeMs - leadMs),
  };
}
