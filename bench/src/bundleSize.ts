import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWebClient, REPO_ROOT } from '@flights/infra/testing';
import type { Figures } from './results.ts';

/** A fresh production build of the web client; the JS and CSS a browser downloads, gzipped. */
export function bundleSize(): Figures {
  buildWebClient();
  const assets = join(REPO_ROOT, 'apps', 'web', 'dist', 'assets');
  let raw = 0;
  let gzip = 0;
  for (const name of readdirSync(assets).filter((file) => /\.(js|css)$/.test(file))) {
    const bytes = readFileSync(join(assets, name));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { bundle_kb: Math.round(raw / 1024), bundle_gzip_kb: Math.round(gzip / 1024) };
}
