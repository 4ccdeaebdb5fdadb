import type { UserSettings } from '../users/user.entity.js';
import { effectiveSettings } from './effective-settings.js';

describe('effectiveSettings: the account policy over a user’s own settings', () => {
  const own: UserSettings = {
    theme: { value: 'light' },
    autoLogCalls: { value: false, defaultValue: true, options: ['a'] },
    legacy: { value: 1 },
    mine: { value: 'kept' },
  };

  it('without a policy the user’s settings are untouched', () => {
    expect(effectiveSettings(undefined, own)).toBe(own);
  });

  it('a locked entry wins, a customizable one keeps the user’s value, a removed key disappears', () => {
    const policy = {
      theme: { value: 'dark', customizable: false },
      autoLogCalls: { value: true, customizable: true },
      legacy: { isRemoved: true },
      onlyAdmin: { value: 5, customizable: false },
    } as UserSettings;
    expect(effectiveSettings(policy, own)).toEqual({
      theme: { value: 'dark', customizable: false },
      autoLogCalls: { customizable: true, value: false, defaultValue: true, options: ['a'] },
      onlyAdmin: { value: 5, customizable: false },
      mine: { customizable: true, value: 'kept', defaultValue: undefined, options: undefined },
    });
  });

  it('a bare value is managed and locked; the legacy isCustomizable counts only without customizable', () => {
    const policy = {
      theme: true,
      autoLogCalls: { value: true, isCustomizable: true },
      legacy: { value: 2, customizable: false, isCustomizable: true },
    } as unknown as UserSettings;
    const merged = effectiveSettings(policy, own);
    expect(merged.theme).toBe(true);
    expect(merged.autoLogCalls).toMatchObject({ customizable: true, value: false });
    expect(merged.legacy).toEqual({ value: 2, customizable: false, isCustomizable: true });
  });

  it('a customizable entry the user never set is the admin’s entry', () => {
    const policy = { fresh: { value: 'x', customizable: true } } as UserSettings;
    expect(effectiveSettings(policy, {}).fresh).toEqual({ value: 'x', customizable: true });
  });
});
