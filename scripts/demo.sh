#!/usr/bin/env bash
# The main job: installs everything (npm packages, the pinned Temporal CLI), builds, then starts the
# embedded Temporal dev server (SQLite, Web UI) with a worker and runs Heluo Town's demo.
# Extra arguments go to `election demo` (for example --exit, --timer-ms 1000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec node dist/client/cli.js demo "$@"
