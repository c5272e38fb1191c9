import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationDoc } from '../src/configurationDoc.ts';

/** `npm run docs:config`: writes docs/configuration.md from the settings' definitions. */
const path = join(import.meta.dirname, '..', '..', '..', 'docs', 'configuration.md');
writeFileSync(path, configurationDoc());
console.log(`wrote ${path}`);
