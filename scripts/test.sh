#!/usr/bin/env bash
# The README's test command: set the project up, run lint, typecheck and the format check, then every Jest test.
# Extra arguments go to Jest, e.g. `bash scripts/test.sh test/tooling`. A failed check fails the run; Jest
# still runs after it, so one run reports everything that is wrong.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
bash scripts/install-browser.sh   # Chromium for test/ui (playwright-core brings no browser)
bash scripts/postgres.sh          # PostgreSQL on loopback: the store's tests run on it as well as on SQLite
mkdir -p test-output
status=0
for check in lint typecheck format:check; do
  echo "test: npm run $check"
  npm run --silent "$check" || { echo "test: ERROR: npm run $check failed" >&2; status=1; }
done
npx jest --ci --json --outputFile=test-output/jest.json "$@" || status=$?
# Jest prints its own summary above; this plain line is the one CI reads in any language.
node -e '
  const r = require("./test-output/jest.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
' || status=1
exit "$status"
