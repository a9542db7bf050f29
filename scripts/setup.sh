#!/usr/bin/env bash
# Project set-up, used by both README commands (and by scripts/test.sh):
#   1. npm ci --ignore-scripts    when node_modules is missing or package-lock.json is newer than it; then the
#      install scripts of exactly the packages package.json's allowScripts approves (npm rebuild NAMES), with
#      better-sqlite3 compiled from its source (npm_config_build_from_source: its prebuilt download is skipped).
#      npm 11 treats allowScripts as advice and would run every dependency's script: this makes it the rule.
#   2. better-sqlite3 must load, compiled here (rebuilt from source if it does not load or was not built here)
#   3. scripts/install-tools.sh   (Temporal CLI + time-skipping test server into .tools/)
#   4. npm run build              (a clean dist/ from tsconfig.build.json: production code only; any type error in it fails the set-up)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# Native modules are compiled from their source on this machine, never downloaded prebuilt.
export npm_config_build_from_source=better-sqlite3
# The packages whose install scripts may run: allowScripts entries set to true (a pinned "name@version" counts by name).
approved=$(node -p "Object.entries(require('./package.json').allowScripts ?? {}).filter(([, ok]) => ok === true).map(([k]) => k.replace(/(.)@.*$/, '\$1')).join(' ')")

stamp=node_modules/.package-lock.json   # written by npm at the end of every install
if [[ ! -d node_modules || ! -f $stamp || package-lock.json -nt $stamp ]]; then
  step "npm ci --ignore-scripts (dependencies changed or missing) ..."
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || die "npm ci failed"
  step "install scripts of the approved packages only (allowScripts: $approved) ..."
  # shellcheck disable=SC2086 # one word per package
  npm rebuild $approved --no-audit --no-fund --loglevel=error || die "npm rebuild $approved failed (better-sqlite3 needs python3, make and a C++ compiler)"
fi

sqlite_loads() { node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; }
# node-gyp leaves its object files beside the module it compiled; a downloaded prebuilt binary comes without them.
sqlite_built_here() { [[ -d node_modules/better-sqlite3/build/Release/obj.target ]]; }
if ! sqlite_loads || ! sqlite_built_here; then
  step "better-sqlite3 does not load or was not compiled here: npm rebuild better-sqlite3 from source ..."
  npm rebuild better-sqlite3 --loglevel=error || die "npm rebuild better-sqlite3 failed"
  sqlite_loads || die "better-sqlite3 still does not load after npm rebuild (needs python3, make and a C++ compiler)"
fi

bash scripts/install-tools.sh

step "build (tsc and the prebuilt workflow bundle) ..."
npm run --silent build || die "build failed (errors above)"
step "ok"
