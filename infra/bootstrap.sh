#!/usr/bin/env bash
# Makes sure a supported Node.js, pnpm and the workspace's node modules are
# there (fast when they are), then runs its arguments with that Node first on
# PATH: `bash infra/bootstrap.sh tsx infra/src/demo.ts`. Every root script
# goes through here, so a fresh clone needs only some Node.js with npm.
#
# Node: the machine's own if it satisfies package.json's engines (>= 24);
# otherwise the version pinned in .node-version, installed from the npm
# registry (the node-<os>-<arch> packages carry the binary) into .local/node.
# Messages go to stderr: stdout belongs to the command (`replay --dry-run`).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "[bootstrap] $*" >&2; }

min_major=$(sed -n 's/.*"node": *">=\([0-9]*\).*/\1/p' package.json | head -1)
local_version=$(tr -d ' \nv' < .node-version)

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

install_local_node() {
  local dir=$1 os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) say "error: no Node.js package for $(uname -s); install Node.js $min_major+ yourself"; exit 1 ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) say "error: no Node.js package for $(uname -m); install Node.js $min_major+ yourself"; exit 1 ;; esac
  if ! command -v npm >/dev/null 2>&1; then say "error: npm is missing: it fetches Node.js $local_version from the npm registry"; exit 1; fi
  say "Node.js $(node --version 2>/dev/null || echo '(none)') is older than $min_major: installing Node.js $local_version from the npm registry (node-$os-$arch) into $dir"
  mkdir -p .local/node
  local tmp
  tmp=$(mktemp -d .local/node/.download.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  local tarball
  tarball=$(cd "$tmp" && npm pack --silent "node-$os-$arch@$local_version" | tail -1)
  tar xzf "$tmp/$tarball" -C "$tmp"
  if [ "$("$tmp/package/bin/node" --version)" != "v$local_version" ]; then say "error: the downloaded node-$os-$arch@$local_version does not run here"; exit 1; fi
  # The folder appears whole or not at all: an interrupted download retries.
  rm -rf "$dir" && mv "$tmp/package" "$dir"
  rm -rf "$tmp"; trap - EXIT
}

if [ "$(node_major)" -lt "$min_major" ]; then
  node_dir=$PWD/.local/node/$local_version
  [ -x "$node_dir/bin/node" ] || install_local_node "$node_dir"
  export PATH="$node_dir/bin:$PATH"
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

# Re-install only when what pnpm installs from changed: the lockfile, the
# manifests git tracks (not those of installed packages) and the Node major,
# since a native module is built for one.
stamp=node_modules/.install-stamp
want=$( { node -p 'process.versions.modules'; cat pnpm-lock.yaml; find . -name package.json -not -path '*/node_modules/*' -not -path './.local/*' | LC_ALL=C sort | xargs cat; } | sha1sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing node modules (Node.js $(node --version))"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "${pnpm[@]}" install --frozen-lockfile --reporter=append-only >&2
  echo "$want" > "$stamp"
fi

if [ $# -gt 0 ]; then
  export PATH="$PWD/node_modules/.bin:$PATH"
  exec "$@"
fi
