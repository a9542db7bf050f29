#!/usr/bin/env bash
# The README's test command: set the project up, then run every Jest test.
# Extra arguments go to Jest, e.g. `bash scripts/test.sh test/tooling`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec npx jest --ci "$@"
