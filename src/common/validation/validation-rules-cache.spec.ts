import { IsInt, IsString, MetadataStorage, getMetadataStorage, validate } from 'class-validator';
import { cacheValidationRules } from './validation-rules-cache.js';

class Parent {
  @IsString()
  name!: unknown;
}

class Child extends Parent {
  @IsInt()
  count!: unknown;
}

const failures = async (object: object) =>
  (await validate(object)).map((error) => error.property).sort();

describe('cacheValidationRules', () => {
  beforeAll(() => cacheValidationRules());

  it("computes a class's rules once, inherited ones included", async () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
    expect(first.map((rule) => rule.propertyName).sort()).toEqual(['count', 'name']);
    expect(await failures(Object.assign(new Child(), { name: 1, count: 'x' }))).toEqual([
      'count',
      'name',
    ]);
  });

  it('keeps options apart: groups select other rules', () => {
    const storage = getMetadataStorage();
    const all = storage.getTargetValidationMetadatas(Child, '', false, false);
    const grouped = storage.getTargetValidationMetadatas(Child, '', false, true, ['admin']);
    expect(grouped).not.toBe(all);
    expect(grouped).toHaveLength(0);
  });

  it('sees a rule added after the first validation', async () => {
    class Late {
      @IsString()
      a!: unknown;

      b!: unknown;
    }
    expect(await failures(Object.assign(new Late(), { a: 'ok', b: 'x' }))).toEqual([]);
    IsInt()(Late.prototype, 'b');
    expect(await failures(Object.assign(new Late(), { a: 'ok', b: 'x' }))).toEqual(['b']);
  });

  it('answers like an uncached storage for the same rules', () => {
    const plain = new MetadataStorage();
    const patched = new MetadataStorage();
    cacheValidationRules(patched);
    for (const rule of getMetadataStorage().getTargetValidationMetadatas(Child, '', false, false)) {
      plain.addValidationMetadata(rule);
      patched.addValidationMetadata(rule);
    }
    const names = (storage: MetadataStorage) =>
      Object.keys(
        storage.groupByPropertyName(storage.getTargetValidationMetadatas(Child, '', false, false)),
      ).sort();
    expect(names(patched)).toEqual(names(plain));
    expect(names(patched)).toEqual(['count', 'name']);
  });
});
