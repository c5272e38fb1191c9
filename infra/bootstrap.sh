#!/usr/bin/env bash
# Makes sure pnpm and the workspace's node modules are there; fast when they are.
# Called first by `npm run demo` and `npm test`, so a fresh clone needs only Node.js.
set -euo pipefail
cd "$(dirname "$0")/.."

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "[bootstrap] error: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if [ -x node_modules/.bin/pnpm ]; then
  pnpm=(node_modules/.bin/pnpm)
elif command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version)" = "$pnpm_version" ]; then
  pnpm=(pnpm)
else
  # npx caches pnpm under ~/.npm; the install below then adds it to node_modules/.bin.
  pnpm=(npx --yes "pnpm@$pnpm_version")
fi

# Re-install only when the lockfile changed since the last install.
stamp=node_modules/.install-stamp
want=$(cat pnpm-lock.yaml package.json */package.json */*/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[bootstrap] installing node modules"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "${pnpm[@]}" install --frozen-lockfile --reporter=append-only
  echo "$want" > "$stamp"
fi
