import type { UserSettings } from '../users/user.entity.js';

type Setting = Record<string, unknown>;

const entry = (value: unknown): Setting =>
  typeof value === 'object' && value !== null ? (value as Setting) : {};

const customizable = (setting: Setting) =>
  setting.customizable === true ||
  (setting.customizable === undefined && setting.isCustomizable === true);

/**
 * The settings a user works with under their account's policy, as the official server merges
 * them: a removed key disappears, the admin's entry wins unless customizable, and a customizable
 * or unmanaged key keeps the user's own value.
 */
export function effectiveSettings(
  policy: UserSettings | undefined,
  own: UserSettings,
): UserSettings {
  if (!policy) return own;
  const result: UserSettings = {};
  for (const key of new Set([...Object.keys(policy), ...Object.keys(own)])) {
    // A bare value (the official example's `autoLogCalls: true`) is managed and not customizable.
    const managed: unknown = policy[key];
    if (entry(managed).isRemoved === true) continue;
    const mine = own[key];
    if ((managed === undefined || customizable(entry(managed))) && mine !== undefined) {
      result[key] = {
        customizable: true,
        value: mine.value,
        defaultValue: mine.defaultValue,
        options: mine.options,
      };
    } else if (managed !== undefined) {
      result[key] = managed as UserSettings[string];
    }
  }
  return result;
}
