import type { UserSettings } from '../users/user.entity.js';

type Setting = Record<string, unknown>;

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
    const managed = policy[key] as Setting | undefined;
    if (managed?.isRemoved === true) continue;
    const mine = own[key];
    if ((managed === undefined || customizable(managed)) && mine !== undefined) {
      result[key] = {
        customizable: true,
        value: mine.value,
        defaultValue: mine.defaultValue,
        options: mine.options,
      };
    } else if (managed !== undefined) {
      result[key] = managed;
    }
  }
  return result;
}
