#!/usr/bin/env bash
# Builds promtool (Prometheus's checker) from the Go module proxy into
# .local/go-bin: about 5 minutes and 1 GB of module downloads the first time.
# The suite then checks infra/prometheus/*.yml with it; without it, it skips that check.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=v0.316.0   # Prometheus 3.x's Go module version (its tags are v3.N.M; Go modules see v0.N.M)
command -v go >/dev/null || { echo "install-promtool: Go is needed (apt-get install golang-go)" >&2; exit 1; }
GOBIN="$PWD/.local/go-bin" go install "github.com/prometheus/prometheus/cmd/promtool@$version"
echo "promtool: $PWD/.local/go-bin/promtool ($("$PWD/.local/go-bin/promtool" --version 2>&1 | head -1))"
