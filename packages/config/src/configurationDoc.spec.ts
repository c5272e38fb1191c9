import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configurationDoc } from './configurationDoc.ts';
import { SETTINGS, type SettingSpec } from './settings.ts';

const PAGE = join(import.meta.dirname, '..', '..', '..', 'docs', 'configuration.md');

describe('docs/configuration.md', () => {
  it('is what the settings definitions generate (npm run docs:config rewrites it)', () => {
    expect(readFileSync(PAGE, 'utf8')).toBe(configurationDoc());
  });

  it('names every setting with its default', () => {
    const page = configurationDoc();
    for (const spec of Object.values(SETTINGS) as SettingSpec<unknown>[]) {
      expect(page).toContain(`\`${spec.env}\``);
      if (spec.default) expect(page).toContain(`\`${spec.default}\``);
    }
  });
});
