import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Rules = ReturnType<Storage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const cached = new WeakSet<Storage>();

/**
 * Keeps each class's validation rules once computed. class-validator recomputes them on every
 * `validate()`, scanning every decorated class for parents; the rules only change while decorators
 * run, so any rule added empties the cache. The arrays handed out are read, never changed, by
 * class-validator's executor.
 */
export function cacheValidationRules(storage: Storage = getMetadataStorage()): void {
  if (cached.has(storage)) return;
  cached.add(storage);
  const compute = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let rules = new Map<unknown, Map<string, Rules>>();
  let groups = new WeakMap<Rules, Grouped>();

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, names) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${names?.join('\u0000') ?? '-'}`;
    let byOptions = rules.get(target);
    if (!byOptions) rules.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = compute(target, schema, always, strictGroups, names)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let found = groups.get(metadata);
    if (!found) groups.set(metadata, (found = group(metadata)));
    return found;
  };
  storage.addValidationMetadata = (metadata) => {
    rules = new Map();
    groups = new WeakMap();
    add(metadata);
  };
}
