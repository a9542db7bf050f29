#!/usr/bin/env bash
# Project set-up, used by both README commands (and by scripts/test.sh):
#   1. npm ci --ignore-scripts    when node_modules is missing or package-lock.json is newer than it; then the
#      install scripts of the other packages package.json's allowScripts approves (npm rebuild NAMES), and
#      better-sqlite3 compiled from its source with node-gyp (its own install script would first try to download
#      a prebuilt binary). npm 11 treats allowScripts as advice and would run every dependency's script: here it
#      is the rule.
#   2. better-sqlite3 must load, compiled here (compiled again if it does not load or was not built here)
#   3. scripts/install-tools.sh   (Temporal CLI + time-skipping test server into .tools/)
#   4. npm run build              (a clean dist/ from tsconfig.build.json: production code only; any type error in it fails the set-up)
#   5. a development codec key    (data/codec-keys.json, git-ignored, mode 0600; kept if it exists) unless
#      ELECTION_CODEC_KEYS_FILE or ELECTION_CODEC_KEYS names the keys: payloads reach Temporal encrypted
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# The packages whose install scripts may run: allowScripts entries set to true (a pinned "name@version" counts by name).
approved=$(node -p "Object.entries(require('./package.json').allowScripts ?? {}).filter(([, ok]) => ok === true).map(([k]) => k.replace(/(.)@.*$/, '\$1')).join(' ')")
[[ " $approved " == *" better-sqlite3 "* ]] || die "package.json allowScripts does not approve better-sqlite3, the store's SQLite driver"
read -ra others <<<"${approved//better-sqlite3/}"

sqlite_loads() { node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; }
# node-gyp leaves its object files beside the module it compiled; a downloaded prebuilt binary comes without them.
sqlite_built_here() { [[ -d node_modules/better-sqlite3/build/Release/obj.target ]]; }
# better-sqlite3's own build script (node-gyp, which npm brings): its install script would try a prebuilt download first.
compile_sqlite() {
  step "better-sqlite3: compiling from source (node-gyp; a few minutes) ..."
  local log
  log=$(mktemp)
  if npm run --silent --prefix node_modules/better-sqlite3 build-release >"$log" 2>&1; then rm -f "$log"; return 0; fi
  tail -n 30 "$log" >&2
  rm -f "$log"
  return 1
}

stamp=node_modules/.package-lock.json   # written by npm at the end of every install
if [[ ! -d node_modules || ! -f $stamp || package-lock.json -nt $stamp ]]; then
  step "npm ci --ignore-scripts (dependencies changed or missing) ..."
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || die "npm ci failed"
  # Until the approved scripts have run, the install is not done: a failure below makes the next run install again.
  unfinished() { rm -f "$stamp"; die "$@"; }
  if [[ ${#others[@]} -gt 0 ]]; then
    step "install scripts of the other approved packages (allowScripts: ${others[*]}) ..."
    npm rebuild "${others[@]}" --no-audit --no-fund --loglevel=error >/dev/null || unfinished "npm rebuild ${others[*]} failed"
  fi
  compile_sqlite || unfinished "compiling better-sqlite3 failed (it needs python3, make and a C++ compiler)"
fi

if ! sqlite_loads || ! sqlite_built_here; then
  step "better-sqlite3 does not load or was not compiled here"
  compile_sqlite || die "compiling better-sqlite3 failed (it needs python3, make and a C++ compiler)"
  sqlite_loads || die "better-sqlite3 still does not load after compiling it"
fi

bash scripts/install-tools.sh

step "build (tsc and the prebuilt workflow bundle) ..."
npm run --silent build || die "build failed (errors above)"

if [[ -z ${ELECTION_CODEC_KEYS_FILE:-} && -z ${ELECTION_CODEC_KEYS:-} ]]; then
  node dist/client/cli.js codec init --quiet || die "creating the development codec key failed (message above)"
fi
step "ok"
