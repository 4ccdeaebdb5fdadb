import { isUniqueViolation } from './unique-violation.js';

/**
 * Last write wins for one keyed row: `update` it, or `insert` it when there is none. An insert
 * that loses the race to another writer's insert becomes an update of that row.
 */
export async function replaceRow(
  update: () => Promise<{ affected?: number }>,
  insert: () => Promise<unknown>,
): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (((await update()).affected ?? 0) > 0) return;
    try {
      await insert();
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
