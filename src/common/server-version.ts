import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** crm-bridge's own version, from the nearest package.json above this file (src/ or dist/src/). */
export const SERVER_VERSION: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'crm-bridge' && pkg.version) return pkg.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
})();
