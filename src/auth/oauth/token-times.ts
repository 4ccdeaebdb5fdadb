/** Refresh `margin` before expiry, but not before half the lifetime (short-lived tokens). */
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
