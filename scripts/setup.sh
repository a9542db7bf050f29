#!/usr/bin/env bash
# Project set-up, used by both README commands (and by scripts/test.sh):
#   1. npm ci        when node_modules is missing or package-lock.json is newer than it
#   2. better-sqlite3 must load (npm rebuild if its native module does not)
#   3. scripts/install-tools.sh   (Temporal CLI + time-skipping test server into .tools/)
#   4. npm run build              (a clean dist/ from tsconfig.build.json: production code only; any type error in it fails the set-up)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

stamp=node_modules/.package-lock.json   # written by npm at the end of every install
if [[ ! -d node_modules || ! -f $stamp || package-lock.json -nt $stamp ]]; then
  step "npm ci (dependencies changed or missing) ..."
  npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
fi

sqlite_loads() { node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; }
if ! sqlite_loads; then
  step "better-sqlite3 does not load: npm rebuild better-sqlite3 ..."
  npm rebuild better-sqlite3 --loglevel=error || die "npm rebuild better-sqlite3 failed"
  sqlite_loads || die "better-sqlite3 still does not load after npm rebuild (needs python3, make and a C++ compiler)"
fi

bash scripts/install-tools.sh

step "build (tsc and the prebuilt workflow bundle) ..."
npm run --silent build || die "build failed (errors above)"
step "ok"
