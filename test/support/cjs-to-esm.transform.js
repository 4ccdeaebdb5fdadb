/**
 * Jest-only: turns a TypeScript-compiled CommonJS package file into an ES module. @nestjs/throttler
 * 6 is CommonJS and require()s the ESM-only @nestjs/common 12; Node >= 20.19 loads that natively
 * (require(esm)), but Jest's module system only does so on Node >= 24.9. Jest loads the result
 * through its "unmarked ESM" path, so the package shares the test's @nestjs/common instance.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';

const SELF = fs.readFileSync(new URL(import.meta.url));
const REQUIRE = /require\("([^"]+)"\)/g;
const EXPORT = /\bexports\.([A-Za-z_$][\w$]*)\s*=/g;
const EXPORT_STAR = /__exportStar\(require\("([^"]+)"\), exports\)/g;

const specifier = (id) => (id.startsWith('.') && !id.endsWith('.js') ? `${id}.js` : id);

export default {
  getCacheKey(source, path) {
    return createHash('sha256').update(SELF).update(path).update(source).digest('hex');
  },
  process(source) {
    const ids = [...new Set([...source.matchAll(REQUIRE)].map((m) => m[1]))];
    const names = [...new Set([...source.matchAll(EXPORT)].map((m) => m[1]))].filter(
      (name) => name !== '__esModule' && name !== 'default',
    );
    const stars = [...source.matchAll(EXPORT_STAR)].map((m) => specifier(m[1]));
    const code = [
      ...ids.map((id, i) => `import * as __cjs_dep${i} from ${JSON.stringify(specifier(id))};`),
      `const __cjs_deps = { ${ids.map((id, i) => `${JSON.stringify(id)}: __cjs_dep${i}`).join(', ')} };`,
      'const require = (id) => __cjs_deps[id];',
      'const module = { exports: {} };',
      'let exports = module.exports;',
      source.replace(/^\/\/# sourceMappingURL=.*$/m, ''),
      'export default module.exports;',
      ...names.map(
        (name) =>
          `const __cjs_export_${name} = module.exports.${name};\nexport { __cjs_export_${name} as ${name} };`,
      ),
      ...stars.map((star) => `export * from ${JSON.stringify(star)};`),
    ].join('\n');
    return { code };
  },
};
